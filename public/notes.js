// feature-file:notes — the demo page's "Your notes": the example resource (/notes), a page at a time, newest first.
// It uses demo.js's request helper and learns who is signed in from its `demo:user` event; every note is shown
// with textContent only, so no title or body is ever read as HTML. `npm run feature:remove -- notes` deletes it.
import { $, call, onStateChange, setStatus, statusLine } from './demo.js';

const PAGE_SIZE = 5;
const el = {
  form: $('note-form'),
  title: $('note-title'),
  body: $('note-body'),
  add: $('note-add'),
  list: $('notes-list'),
  next: $('notes-next'),
  notes: $('notes'),
  pageInfo: $('notes-page'),
};

let busy = false;
let signedIn = false;
let nextCursor = null;
let pageNumber = 0;

function updateButtons() {
  el.add.disabled = busy || !signedIn;
  el.list.disabled = busy || !signedIn;
  el.next.disabled = busy || !signedIn || !nextCursor;
}

onStateChange((state) => {
  busy = state.busy;
  signedIn = state.signedIn;
  updateButtons();
});

// Signed out, or someone else signed in: the notes on screen were the last user's.
let owner = null;
document.addEventListener('demo:user', (event) => {
  const id = event.detail?.id ?? null;
  if (id !== owner) showPage({ items: [], next_cursor: null }, 0);
  owner = id;
});

/** One list item per note: its title, its body, when it was written, and a Delete button. */
function item(note) {
  const li = document.createElement('li');
  li.dataset.id = note.id;
  const title = document.createElement('strong');
  title.textContent = note.title;
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.textContent = 'Delete';
  remove.addEventListener('click', () => deleteNote(note, li));
  li.append(title, ` — written ${new Date(note.created_at).toLocaleString()} `, remove);
  if (note.body !== '') {
    const body = document.createElement('p');
    body.className = 'hint';
    body.textContent = note.body;
    li.append(body);
  }
  return li;
}

function showPage(page, number) {
  nextCursor = page.next_cursor;
  pageNumber = number;
  el.notes.replaceChildren(...page.items.map(item));
  el.pageInfo.textContent = number === 0 ? '' : `Page ${number}: ${page.items.length} note(s)${nextCursor ? '' : ' (last page)'}`;
  updateButtons();
}

async function listNotes(cursor) {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (cursor) query.set('cursor', cursor);
  const result = await call('GET', `/notes?${query}`, { auth: true });
  if (!result?.ok) return;
  showPage(result.data, cursor ? pageNumber + 1 : 1);
  setStatus(`${statusLine(result.res.status)} — page ${pageNumber} of your notes, newest first: ${result.data.items.length} note(s)`);
}

async function addNote() {
  const body = { title: el.title.value };
  if (el.body.value !== '') body.body = el.body.value;
  const result = await call('POST', '/notes', { auth: true, body });
  if (!result?.ok) return;
  el.title.value = el.body.value = '';
  // The newest note heads the first page: show it there at once.
  if (pageNumber <= 1) {
    el.notes.prepend(item(result.data));
    if (pageNumber === 0) pageNumber = 1;
  }
  setStatus(`${statusLine(result.res.status)} — note "${result.data.title}" added`);
}

async function deleteNote(note, li) {
  const result = await call('DELETE', `/notes/${encodeURIComponent(note.id)}`, { auth: true });
  if (!result?.ok) return;
  li.remove();
  setStatus(`${statusLine(result.res.status)} — note "${note.title}" deleted`);
}

el.form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!busy && signedIn) void addNote();
});
el.list.addEventListener('click', () => listNotes(null));
el.next.addEventListener('click', () => listNotes(nextCursor));
updateButtons();
