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

async function deleteAccount() {
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
