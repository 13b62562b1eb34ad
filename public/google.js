// feature-file:google — the demo page's "Sign in with Google" step (npm run feature:remove -- google deletes this file).
// It uses demo.js's request helper; back from Google with ?code=…, it signs the page in instead of the cookie.
import {
  $,
  call,
  describeError,
  needsSecondFactor,
  onPageSignIn,
  setStatus,
  showRequest,
  showResponse,
  statusLine,
  storeTokens,
} from './demo.js';

const google = $('google');

/**
 * Checks with HEAD that Google sign-in is configured before navigating, so a 404 can be explained
 * here. The server does not count a HEAD against the sign-in limit; only the navigation is a sign-in.
 */
async function startGoogle(event) {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  const path = google.getAttribute('href');
  showRequest('HEAD', path, {}, undefined);
  const options = { redirect: 'manual', credentials: 'same-origin', cache: 'no-store' };
  try {
    const check = await fetch(path, { ...options, method: 'HEAD' });
    if (check.type === 'opaqueredirect' || (check.status >= 300 && check.status < 400)) {
      $('response').textContent = "HTTP/1.1 302 Found\nlocation: (the provider's authorization endpoint)\n\nThe browser now follows it…";
      setStatus('302 Found — redirecting to Google…');
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
        ? ' — to turn it on, set GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET and GOOGLE_CALLBACK_URL (and OAUTH_SUCCESS_REDIRECT to this page)'
        : '';
    setStatus(describeError(res, data) + hint, 'error');
  } catch {
    // The check itself failed: fall back to a plain navigation and let the browser show the result.
    window.location.assign(path);
  }
}

/** Back from Google with ?code=...: trade the one-time code for tokens. Resolves true when there was a code. */
async function exchangeOAuthCode() {
  const params = new URLSearchParams(window.location.search);
  const code = params.get('code');
  if (!code) return false;
  // Remove the code from the address bar and history first: it is single-use and secret.
  params.delete('code');
  const query = params.toString();
  history.replaceState(null, '', window.location.pathname + (query ? `?${query}` : '') + window.location.hash);
  const result = await call('POST', '/auth/oauth/exchange', { body: { code, delivery: 'cookie' } });
  if (needsSecondFactor(result) || !result?.ok) return true;
  storeTokens(result.data);
  const email = result.data.user?.email;
  setStatus(`${statusLine(result.res.status)} — signed in${email ? ` as ${email}` : ''} with Google`);
  return true;
}

google.addEventListener('click', startGoogle);
onPageSignIn(exchangeOAuthCode);
