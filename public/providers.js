// The demo page's "Sign in with Google / OpenID Connect / GitHub" buttons (each provider's button sits
// between its feature markers in index.html), the one-time code every provider's redirect brings back,
// and the account's linked providers with their Unlink buttons. It uses demo.js's request helper.
import {
  $,
  call,
  describeError,
  needsSecondFactor,
  onPageSignIn,
  setStatus,
  setUser,
  showRequest,
  showResponse,
  statusLine,
  storeTokens,
} from './demo.js';
import { openApiPaths } from './features.js';
import { reveal } from './views.js';

/** What turns each provider on, for the hint when it is off. */
const SETTINGS = {
  google: 'GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET and GOOGLE_CALLBACK_URL',
  oidc: 'OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET and OIDC_CALLBACK_URL',
  github: 'GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET and GITHUB_CALLBACK_URL',
};

const buttons = [...document.querySelectorAll('a[data-provider]')];
/** Each provider's name as the server labels it (OIDC_NAME for the generic one), from its route's summary. */
const labels = new Map(buttons.map((button) => [button.dataset.provider, button.dataset.label]));

/**
 * Checks with HEAD that the provider is configured before navigating, so a 404 can be explained
 * here. The server does not count a HEAD against the sign-in limit; only the navigation is a sign-in.
 */
async function startProvider(event) {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  const button = event.currentTarget;
  const label = labels.get(button.dataset.provider);
  const path = button.getAttribute('href');
  showRequest('HEAD', path, {}, undefined);
  const options = { redirect: 'manual', credentials: 'same-origin', cache: 'no-store' };
  try {
    const check = await fetch(path, { ...options, method: 'HEAD' });
    if (check.type === 'opaqueredirect' || (check.status >= 300 && check.status < 400)) {
      $('response').textContent = "HTTP/1.1 302 Found\nlocation: (the provider's authorization endpoint)\n\nThe browser now follows it…";
      setStatus(`302 Found — redirecting to ${label}…`);
      sessionStorage.setItem('demo:provider', label);
      window.location.assign(path);
      return;
    }
    // A HEAD answer has no body: ask again with GET to show the problem (a 404 is answered before any counting).
    showRequest('GET', path, {}, undefined);
    const res = await fetch(path, options);
    const text = await res.text();
    let data = text;
    try {
      data = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    showResponse(res, text === '' ? undefined : data);
    const hint =
      data && data.code === 'OAUTH_NOT_CONFIGURED'
        ? ` — to turn it on, set ${SETTINGS[button.dataset.provider]} (and OAUTH_SUCCESS_REDIRECT to this page)`
        : '';
    setStatus(describeError(res, data) + hint, 'error');
  } catch {
    // The check itself failed: fall back to a plain navigation and let the browser show the result.
    window.location.assign(path);
  }
}

/** Back from a provider with ?code=...: trade the one-time code for tokens. Resolves true when there was a code. */
async function exchangeOAuthCode() {
  const params = new URLSearchParams(window.location.search);
  const code = params.get('code');
  if (!code) return false;
  // Remove the code from the address bar and history first: it is single-use and secret.
  params.delete('code');
  const query = params.toString();
  history.replaceState(null, '', window.location.pathname + (query ? `?${query}` : '') + window.location.hash);
  // The provider's redirect lands on the page's first view: back to the buttons the sign-in started from.
  if (buttons[0]) reveal(buttons[0]);
  const result = await call('POST', '/auth/oauth/exchange', { body: { code, delivery: 'cookie' } });
  if (needsSecondFactor(result) || !result?.ok) return true;
  storeTokens(result.data);
  const email = result.data.user?.email;
  const provider = sessionStorage.getItem('demo:provider');
  sessionStorage.removeItem('demo:provider');
  setStatus(`${statusLine(result.res.status)} — signed in${email ? ` as ${email}` : ''}${provider ? ` with ${provider}` : ''}`);
  return true;
}

const linked = $('linked-providers');

/** The account's providers, each sign-in provider with its Unlink button (a password or passkey is listed, not unlinked here). */
function showLinked(user) {
  linked.replaceChildren(
    ...(user?.providers ?? []).map((name) => {
      const item = document.createElement('li');
      item.textContent = labels.get(name) ?? name;
      if (labels.has(name)) {
        const unlink = document.createElement('button');
        unlink.type = 'button';
        unlink.textContent = `Unlink ${labels.get(name)}`;
        unlink.dataset.unlink = name;
        unlink.addEventListener('click', () => unlinkProvider(name));
        item.append(' ', unlink);
      }
      return item;
    }),
  );
}

async function unlinkProvider(name) {
  const result = await call('DELETE', `/auth/providers/${name}`, { auth: true });
  if (!result?.ok) return;
  const me = await call('GET', '/auth/me', { auth: true, quiet: true });
  if (me?.ok) setUser(me.data);
  setStatus(`${statusLine(result.res.status)} — ${labels.get(name)} no longer signs into this account`);
}

for (const button of buttons) button.addEventListener('click', startProvider);
document.addEventListener('demo:user', (event) => showLinked(event.detail));
onPageSignIn(exchangeOAuthCode);

// The generic provider's button says the name the server gives it (OIDC_NAME), read from its route's summary.
const paths = await openApiPaths;
for (const button of buttons) {
  const summary = paths?.[button.getAttribute('href')]?.get?.summary ?? '';
  const named = /^Start signing in with (.+?):/.exec(summary)?.[1];
  if (!named) continue;
  labels.set(button.dataset.provider, named);
  button.textContent = `Sign in with ${named}`;
}
