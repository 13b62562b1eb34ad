// The profile section of the demo page: rename and delete the account (changing the email is mail.js's).
// It uses demo.js's request helper and learns who is signed in from its `demo:user` event.
import { $, call, clearSession, setStatus, setUser, statusLine } from './demo.js';

const el = {
  name: $('profile-name'),
  rename: $('rename'),
  deletePassword: $('delete-password'),
  deleteAccount: $('delete-account'),
};

let user = null;

function updateButtons() {
  for (const button of [el.rename, el.deleteAccount]) button.disabled = !user;
}

document.addEventListener('demo:user', (event) => {
  // Prefilled with the name the server holds, unless the person is typing a new one.
  if (event.detail?.id !== user?.id || document.activeElement !== el.name) el.name.value = event.detail?.name ?? '';
  user = event.detail;
  updateButtons();
});

async function rename() {
  const result = await call('PATCH', '/auth/me', { auth: true, body: { name: el.name.value } });
  if (!result?.ok) return;
  setUser(result.data);
  setStatus(`${statusLine(result.res.status)} — your name is now ${result.data.name}`);
}

// Deleting is for good: the first click asks, a second one within CONFIRM_MS deletes.
const CONFIRM_MS = 10_000;
let confirmUntil = 0;

async function deleteAccount() {
  if (Date.now() > confirmUntil) {
    confirmUntil = Date.now() + CONFIRM_MS;
    el.deleteAccount.textContent = 'Click again to delete for good';
    setTimeout(() => {
      if (Date.now() > confirmUntil) el.deleteAccount.textContent = 'Delete my account';
    }, CONFIRM_MS + 100);
    setStatus('Deleting removes the account and everything of it, for good: click again within 10 s to go ahead.');
    return;
  }
  confirmUntil = 0;
  el.deleteAccount.textContent = 'Delete my account';
  const body = el.deletePassword.value === '' ? {} : { current_password: el.deletePassword.value };
  const result = await call('DELETE', '/auth/me', { auth: true, body });
  el.deletePassword.value = '';
  if (!result?.ok) return;
  clearSession();
  setStatus(`${statusLine(result.res.status)} — the account and everything of it are gone`);
}

el.rename.addEventListener('click', rename);
el.deleteAccount.addEventListener('click', deleteAccount);
updateButtons();
