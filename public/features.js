// Hides what a switched-off feature (DISABLED_FEATURES) would offer: an element marked
// data-route="/path" shows only while the server's OpenAPI document has that path.
const hideable = document.querySelectorAll('[data-route]');
// no-store: a 304 would give the page nothing to read.
const res = await fetch('/openapi.json', { cache: 'no-store' });
if (res.ok) {
  const { paths } = await res.json();
  for (const element of hideable) {
    if (!(element.dataset.route in paths)) element.dataset.featureOff = '';
  }
}
