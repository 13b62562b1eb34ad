// The demo page shows one flow at a time: the view the address names (#view=<name>), so a reload or a
// shared link opens the same one. The navigation is plain links to those addresses: the keyboard, Back and
// a new tab work as they do for any link, and this module follows the address (and moves it, for a step
// one view starts and another finishes). A view is a section.view[data-view], shown or hidden with
// `hidden`; the first one is the default.
const views = [...document.querySelectorAll('.view[data-view]')];
const entries = [...document.querySelectorAll('.flows a[href^="#view="]')];

/** The view the address names; '' for none; null when the fragment is something else (a mailed link's token, mail.js's). */
function addressed() {
  if (location.hash === '') return '';
  return /^#view=([\w-]+)$/.exec(location.hash)?.[1] ?? null;
}

/** A view the server switched off (features.js) is not shown, even when the address names it. */
const available = (view) => view.closest('[data-feature-off]') === null;

/** Shows the view named `name` (the first available one when none is) and marks its navigation entry; returns it. */
function show(name) {
  const shown = views.find((view) => view.dataset.view === name && available(view)) ?? views.find(available);
  for (const view of views) view.hidden = view !== shown;
  for (const entry of entries) {
    if (entry.hash === `#view=${shown.dataset.view}`) entry.setAttribute('aria-current', 'page');
    else entry.removeAttribute('aria-current');
  }
  return shown;
}

/**
 * Opens the view that holds `element`, for a step that one view starts and another finishes (a sign-in
 * that wants its second factor, a mailed link): the address follows, so Back returns to where it started.
 */
export function reveal(element) {
  const view = element.closest('.view');
  const address = `#view=${view.dataset.view}`;
  if (location.hash === address) return;
  // A new history entry when the view changes; when it is open already (a mailed link pasted into this
  // tab) the address only catches up.
  if (view.hidden) history.pushState(null, '', address);
  else history.replaceState(null, '', address);
  show(view.dataset.view);
}

window.addEventListener('hashchange', () => {
  const name = addressed();
  if (name === null) return;
  // Focus moves to the view's heading, as it would on a new page: the next Tab is inside the view, and a
  // screen reader says where it is.
  const heading = show(name).querySelector('h2');
  heading.tabIndex = -1;
  heading.focus();
});

show(addressed());
// Once features.js has marked what the server switched off, the view on screen may be one of them.
import('./features.js').then(() => show(views.find((view) => !view.hidden)?.dataset.view));
