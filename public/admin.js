// feature-file:admin — the demo page's admin panel: page through the users, disable one, turn off their two-step sign-in.
// It uses demo.js's request helper and learns who is signed in from its `demo:user` event. `npm run feature:remove -- admin` deletes it.
import { $, call, setStatus, statusLine } from './demo.js';

const PAGE_SIZE = 10;
const el = {
  admin: $('admin'),
  filter: $('admin-filter'),
  list: $('admin-list'),
  next: $('admin-next'),
  rows: $('admin-users'),
  pageInfo: $('admin-page'),
};

let nextCursor = null;
let pageNumber = 0;

function updateButtons() {
  el.next.disabled = !nextCursor;
}

document.addEventListener('demo:user', (event) => {
  const user = event.detail;
  // A convenience only: the server checks the permission on every admin request, whatever the page shows.
  el.admin.hidden = user?.role !== 'admin';
  if (el.admin.hidden) showPage({ items: [], next_cursor: null }, 0);
});

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
  // Only a user with two-step sign-in on gets this button.
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

el.list.addEventListener('click', () => listUsers(null));
el.next.addEventListener('click', () => listUsers(nextCursor));
updateButtons();
