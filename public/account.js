// The profile section (rename, change email, delete the account) and the admin panel of the demo page.
// It uses demo.js's request helper and learns who is signed in from its `demo:user` event.
import { call, clearSession, isSignedIn, setStatus, setUser, statusLine } from './demo.js';

const PAGE_SIZE = 10;
const $ = (id) => document.getElementById(id);
const el = {
  name: $('profile-name'),
  rename: $('rename'),
  newEmail: $('new-email'),
  emailPassword: $('email-password'),
  changeEmail: $('change-email'),
  deletePassword: $('delete-password'),
  deleteAccount: $('delete-account'),
  admin: $('admin'),
  filter: $('admin-filter'),
  list: $('admin-list'),
  next: $('admin-next'),
  rows: $('admin-users'),
  pageInfo: $('admin-page'),
};

let user = null;
let nextCursor = null;
let pageNumber = 0;

function updateButtons() {
  for (const button of [el.rename, el.changeEmail, el.deleteAccount]) button.disabled = !user;
  el.next.disabled = !nextCursor;
}

document.addEventListener('demo:user', (event) => {
  user = event.detail;
  // A convenience only: the server checks the permission on every admin request, whatever the page shows.
  el.admin.hidden = user?.role !== 'admin';
  if (el.admin.hidden) showPage({ items: [], next_cursor: null }, 0);
  updateButtons();
});

async function rename() {
  const result = await call('PATCH', '/auth/me', { auth: true, body: { name: el.name.value } });
  if (!result?.ok) return;
  setUser(result.data);
  setStatus(`${statusLine(result.res.status)} — your name is now ${result.data.name}`);
}

async function changeEmail() {
  const body = { new_email: el.newEmail.value, current_password: el.emailPassword.value };
  const result = await call('POST', '/auth/email', { auth: true, body });
  el.emailPassword.value = '';
  if (!result?.ok) return;
  setStatus(`${statusLine(result.res.status)} — ${result.data.message}`);
}

async function deleteAccount() {
  const body = el.deletePassword.value === '' ? {} : { current_password: el.deletePassword.value };
  const result = await call('DELETE', '/auth/me', { auth: true, body });
  el.deletePassword.value = '';
  if (!result?.ok) return;
  clearSession();
  setStatus(`${statusLine(result.res.status)} — the account and everything of it are gone`);
}

/** Opened from the link mailed to a new address (#change-email=…): take the token out of the address bar, then use it. */
async function followChangeEmailLink() {
  const [action, token] = window.location.hash.slice(1).split('=');
  if (action !== 'change-email' || !token) return;
  history.replaceState(null, '', window.location.pathname + window.location.search);
  // Only the account that asked for the change can confirm it: the link alone could be an attacker's.
  const result = await call('POST', '/auth/email/confirm', { body: { token }, auth: isSignedIn() });
  if (result?.res.status === 401) {
    setStatus('401 — sign in as the account that asked for the change, then open the link again.', 'error');
  }
  if (!result?.ok) return;
  // Every session of the account is revoked on confirm: sign in again with the new address.
  clearSession();
  setStatus(`${statusLine(result.res.status)} — your email is now ${result.data.email}; sign in with it`);
}

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

/** One table row per user; built with textContent only, so no name or email is ever read as HTML. */
function row(listed) {
  const tr = document.createElement('tr');
  tr.append(cell(listed.email), cell(listed.name ?? ''), cell(listed.role), cell(listed.disabled ? 'disabled' : 'enabled'));
  tr.append(cell(listed.last_login_at ? new Date(listed.last_login_at).toLocaleString() : 'never'));
  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.textContent = listed.disabled ? 'Enable' : 'Disable';
  toggle.dataset.id = listed.id;
  toggle.addEventListener('click', () => setDisabled(listed, !listed.disabled));
  const actions = document.createElement('td');
  actions.append(toggle);
  if (listed.mfa_enabled) {
    const mfaOff = document.createElement('button');
    mfaOff.type = 'button';
    mfaOff.textContent = 'Turn off two-step sign-in';
    mfaOff.addEventListener('click', () =>
      changeUser(listed, { mfa_enabled: false }, 'two-step sign-in is off: the password alone signs in'),
    );
    actions.append(' ', mfaOff);
  }
  tr.append(actions);
  return tr;
}

function showPage(page, number) {
  nextCursor = page.next_cursor;
  pageNumber = number;
  el.rows.replaceChildren(...page.items.map(row));
  el.pageInfo.textContent = number === 0 ? '' : `Page ${number}: ${page.items.length} users${nextCursor ? '' : ' (last page)'}`;
  updateButtons();
}

async function listUsers(cursor) {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (el.filter.value.trim() !== '') query.set('email', el.filter.value.trim());
  if (cursor) query.set('cursor', cursor);
  const result = await call('GET', `/admin/users?${query}`, { auth: true });
  if (!result?.ok) return;
  showPage(result.data, cursor ? pageNumber + 1 : 1);
  setStatus(`${statusLine(result.res.status)} — page ${pageNumber} of the users, newest first`);
}

/** PATCH /admin/users/:id with `body`; on success the row shows the user as answered and the status says `done`. */
async function changeUser(listed, body, done) {
  const result = await call('PATCH', `/admin/users/${encodeURIComponent(listed.id)}`, { auth: true, body });
  if (!result?.ok) return;
  Object.assign(listed, result.data);
  setStatus(`${statusLine(result.res.status)} — ${listed.email} ${done}`);
  const current = [...el.rows.children].find((tr) => tr.querySelector('button')?.dataset.id === listed.id);
  current?.replaceWith(row(listed));
}

function setDisabled(listed, disabled) {
  const done = disabled ? 'disabled: every session and access token of theirs stopped working' : 'enabled again';
  return changeUser(listed, { disabled }, done);
}

el.rename.addEventListener('click', rename);
el.changeEmail.addEventListener('click', changeEmail);
el.deleteAccount.addEventListener('click', deleteAccount);
el.list.addEventListener('click', () => listUsers(null));
el.next.addEventListener('click', () => listUsers(nextCursor));
window.addEventListener('hashchange', followChangeEmailLink);
updateButtons();
followChangeEmailLink();
