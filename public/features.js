// Hides what a switched-off feature (DISABLED_FEATURES) would offer: an element marked
// data-route="/path" shows only while the server's OpenAPI document has that path (one of them, for
// data-route="/a /b": the provider section shows while any provider is on).
const hideable = document.querySelectorAll('[data-route]');

/** The `paths` of the server's OpenAPI document (null if it could not be read): other modules read route summaries from it. */
export const openApiPaths = (async () => {
  // no-store: a 304 would give the page nothing to read.
  const res = await fetch('/openapi.json', { cache: 'no-store' });
  return res.ok ? (await res.json()).paths : null;
})();

const paths = await openApiPaths;
if (paths) {
  for (const element of hideable) {
    if (!element.dataset.route.split(' ').some((route) => route in paths)) element.dataset.featureOff = '';
  }
}
