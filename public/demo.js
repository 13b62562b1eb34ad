// Demo page for express-auth-starter. Plain ES module, no dependencies (second-factors.js adds TOTP and passkeys).
// Tokens live only in this module-level variable: never in localStorage, sessionStorage or cookies.
// (Any script running on the page can read web storage; a reload losing the session is the price.)
import { askForSecondFactor } from './second-factors.js';

let session = { accessToken: null, refreshToken: null, user: null };

const $ = (id) => document.getElementById(id);
const el = {
  form: $('credentials'),
  email: $('email'),
  password: $('password'),
  name: $('name'),
  register: $('register'),
  login: $('login'),
  me: $('me'),
  refresh: $('refresh'),
  logout: $('logout'),
  google: $('google'),
  verifyRequest: $('verify-request'),
  forgot: $('forgot'),
  resetForm: $('reset-form'),
  newPassword: $('new-password'),
  reset: $('reset'),
  status: $('status'),
  user: $('user'),
  request: $('request'),
  response: $('response'),
  claims: $('claims'),
  tokenHeader: $('token-header'),
  expiry: $('expiry'),
};

const STATUS_TEXT = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  302: 'Found',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};
const SHOWN_HEADERS = [
  'content-type',
  'cache-control',
  'www-authenticate',
  'allow',
  'location',
  'retry-after',
  'ratelimit',
  'ratelimit-policy',
  'ratelimit-limit',
  'ratelimit-remaining',
  'ratelimit-reset',
];

export const statusLine = (status, fallback = '') => `${status} ${STATUS_TEXT[status] || fallback}`.trim();

/** Shortens a secret for display: first 10 and last 6 characters. */
function abbreviate(token) {
  if (typeof token !== 'string' || token.length <= 24) return token;
  return `${token.slice(0, 10)}…${token.slice(-6)} (${token.length} chars)`;
}

/** A copy of a request or response body that is safe to put on screen. */
function redact(body) {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const copy = { ...body };
  for (const key of ['password', 'new_password']) {
    if (key in copy) copy[key] = '•'.repeat(8);
  }
  for (const key of ['access_token', 'refresh_token', 'code', 'token', 'mfa_token']) {
    if (typeof copy[key] === 'string') copy[key] = abbreviate(copy[key]);
  }
  return copy;
}

const json = (value) => JSON.stringify(value, null, 2);

export function setStatus(text, kind = 'ok') {
  el.status.textContent = text;
  el.status.dataset.kind = kind;
}

function showRequest(method, path, headers, body) {
  const lines = [`${method} ${path} HTTP/1.1`, `Host: ${location.host}`];
  for (const [name, value] of Object.entries(headers)) {
    const shown = name === 'Authorization' ? `Bearer ${abbreviate(value.slice(7))}` : value;
    lines.push(`${name}: ${shown}`);
  }
  if (body !== undefined) lines.push('', json(redact(body)));
  el.request.textContent = lines.join('\n');
}

function showResponse(res, data) {
  const lines = [`HTTP/1.1 ${statusLine(res.status, res.statusText)}`];
  for (const name of SHOWN_HEADERS) {
    const value = res.headers.get(name);
    if (value !== null) lines.push(`${name}: ${value}`);
  }
  lines.push('', data === undefined ? '(no body)' : typeof data === 'string' ? data : json(redact(data)));
  el.response.textContent = lines.join('\n');
}

/** Summarises an error response, RFC 9457 problem details or not. */
function describeError(res, data) {
  const head = statusLine(res.status, res.statusText);
  if (!data || typeof data !== 'object') return `${head} — unexpected response`;
  let text = `${head} — ${data.code || data.title || 'error'}`;
  if (data.detail) text += `: ${data.detail}`;
  if (Array.isArray(data.errors) && data.errors.length > 0) {
    text += ` (${data.errors.map((e) => `${e.path}: ${e.message}`).join('; ')})`;
  }
  return text;
}

/**
 * Sends one JSON request, shows it and its response. Returns { res, data, ok } or null on a
 * network error (already reported). data is parsed JSON, raw text, or undefined for no body.
 */
export async function call(method, path, { body, auth = false } = {}) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (auth) headers.Authorization = `Bearer ${session.accessToken}`;
  showRequest(method, path, headers, body);
  el.response.textContent = '…waiting for the server';
  setBusy(true);
  try {
    const res = await fetch(path, {
      method,
      headers,
      cache: 'no-store',
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let data = text === '' ? undefined : text;
    if (text !== '' && /json/i.test(res.headers.get('content-type') || '')) {
      try {
        data = JSON.parse(text);
      } catch {
        /* leave as text */
      }
    }
    showResponse(res, data);
    // ok: a 2xx with a JSON object body (or no body at all for 204).
    const ok = res.ok && (res.status === 204 || (data !== null && typeof data === 'object'));
    if (!res.ok) setStatus(describeError(res, data), 'error');
    else if (!ok) setStatus(`${statusLine(res.status)} — unexpected response (not JSON)`, 'error');
    return { res, data, ok };
  } catch (err) {
    el.response.textContent = `(no response)\n\n${err}`;
    setStatus(`Network error — could not reach the server (${err.message || err})`, 'error');
    return null;
  } finally {
    setBusy(false);
  }
}

/** base64url → UTF-8 text. Decoding only: the signature is NOT checked here. */
function base64UrlDecode(part) {
  const base64 = part
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(part.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

function decodeJwt(token) {
  const parts = token.split('.');
  if (parts.length !== 3) throw new Error('not a JWT (expected three dot-separated parts)');
  return { header: JSON.parse(base64UrlDecode(parts[0])), claims: JSON.parse(base64UrlDecode(parts[1])) };
}

function showToken() {
  el.tokenHeader.textContent = '';
  el.claims.textContent = '';
  if (!session.accessToken) return;
  try {
    const { header, claims } = decodeJwt(session.accessToken);
    el.tokenHeader.textContent = json(header);
    el.claims.textContent = json(claims);
    session.exp = typeof claims.exp === 'number' ? claims.exp : null;
  } catch (err) {
    el.claims.textContent = `Could not decode the access token: ${err.message}`;
    session.exp = null;
  }
}

function formatDuration(seconds) {
  const m = Math.floor(seconds / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return m >= 60 ? `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Runs every second: the live countdown to the access token's exp claim. */
function tick() {
  el.expiry.dataset.expired = 'false';
  if (!session.accessToken) {
    el.expiry.textContent = 'No access token.';
    return;
  }
  if (!session.exp) {
    el.expiry.textContent = 'The access token has no exp claim.';
    return;
  }
  const left = session.exp - Math.floor(Date.now() / 1000);
  const at = new Date(session.exp * 1000).toLocaleTimeString();
  el.expiry.textContent =
    left > 0
      ? `Access token expires in ${formatDuration(left)} (at ${at}, exp ${session.exp}).`
      : `Access token expired ${formatDuration(-left)} ago (at ${at}); the server will reject it — press Refresh.`;
  el.expiry.dataset.expired = String(left <= 0);
}

let busy = false;
function setBusy(value) {
  busy = value;
  updateButtons();
}

function updateButtons() {
  el.register.disabled = busy;
  el.login.disabled = busy;
  el.me.disabled = busy || !session.accessToken;
  el.refresh.disabled = busy || !session.refreshToken;
  el.logout.disabled = busy || !session.refreshToken;
  el.verifyRequest.disabled = busy || !session.accessToken;
  el.forgot.disabled = busy;
  el.reset.disabled = busy;
}

function setUser(user) {
  session.user = user || null;
  el.user.textContent = user ? user.email : '';
}

/** Keeps the tokens of a token response (register, login, refresh, OAuth exchange). */
export function storeTokens(data) {
  session.accessToken = data.access_token;
  session.refreshToken = data.refresh_token;
  if (data.user) setUser(data.user);
  showToken();
  tick();
  updateButtons();
}

function clearSession() {
  session = { accessToken: null, refreshToken: null, user: null };
  setUser(null);
  showToken();
  tick();
  updateButtons();
}

function credentials() {
  return { email: el.email.value, password: el.password.value };
}

async function register() {
  const body = credentials();
  if (el.name.value.trim() !== '') body.name = el.name.value.trim();
  const result = await call('POST', '/auth/register', { body });
  if (!result?.ok) return;
  storeTokens(result.data);
  setStatus(`${statusLine(result.res.status)} — registered ${result.data.user?.email ?? body.email}`);
}

async function login() {
  const body = credentials();
  const result = await call('POST', '/auth/login', { body });
  if (result?.data?.code === 'MFA_REQUIRED') return askForSecondFactor(result.data.mfa_token);
  if (!result?.ok) return;
  storeTokens(result.data);
  setStatus(`${statusLine(result.res.status)} — signed in as ${result.data.user?.email ?? body.email}`);
}

async function me() {
  const result = await call('GET', '/auth/me', { auth: true });
  if (!result?.ok) return;
  setUser(result.data);
  setStatus(`${statusLine(result.res.status)} — token accepted, you are ${result.data.email}`);
}

async function refresh() {
  const result = await call('POST', '/auth/refresh', { body: { refresh_token: session.refreshToken } });
  if (!result) return;
  if (result.ok) {
    storeTokens(result.data);
    setStatus(`${statusLine(result.res.status)} — refreshed`);
  } else if (result.res.status === 401) {
    // Spent, revoked or expired: this session is over, so forget it.
    clearSession();
    setStatus(`${describeError(result.res, result.data)} — session cleared, log in again`, 'error');
  }
}

async function logout() {
  const result = await call('POST', '/auth/logout', { body: { refresh_token: session.refreshToken } });
  if (!result?.ok) return;
  clearSession();
  setStatus(`${statusLine(result.res.status)} — logged out`);
}

/** Checks that Google sign-in is configured before navigating, so a 404 can be explained here. */
async function startGoogle(event) {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  event.preventDefault();
  const path = el.google.getAttribute('href');
  showRequest('GET', path, {}, undefined);
  try {
    const res = await fetch(path, { redirect: 'manual', credentials: 'same-origin', cache: 'no-store' });
    if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) {
      el.response.textContent = "HTTP/1.1 302 Found\nlocation: (the provider's authorization endpoint)\n\nThe browser now follows it…";
      setStatus('302 Found — redirecting to Google…');
      window.location.assign(path);
      return;
    }
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

/** Back from Google with ?code=...: trade the one-time code for tokens. */
async function exchangeOAuthCode() {
  const params = new URLSearchParams(window.location.search);
  const code = params.get('code');
  if (!code) return;
  // Remove the code from the address bar and history first: it is single-use and secret.
  params.delete('code');
  const query = params.toString();
  history.replaceState(null, '', window.location.pathname + (query ? `?${query}` : '') + window.location.hash);
  const result = await call('POST', '/auth/oauth/exchange', { body: { code } });
  if (result?.data?.code === 'MFA_REQUIRED') return askForSecondFactor(result.data.mfa_token);
  if (!result?.ok) return;
  storeTokens(result.data);
  const email = result.data.user?.email;
  setStatus(`${statusLine(result.res.status)} — signed in${email ? ` as ${email}` : ''} with Google`);
}

async function requestVerification() {
  const result = await call('POST', '/auth/verify-email/request', { auth: true });
  if (!result?.ok) return;
  setStatus(`${statusLine(result.res.status)} — ${result.data.message}`);
}

async function forgot() {
  const result = await call('POST', '/auth/password/forgot', { body: { email: el.email.value } });
  if (!result?.ok) return;
  setStatus(`${statusLine(result.res.status)} — ${result.data.message}`);
}

/** The token of a mailed link, kept in memory only, like the session's tokens. */
let resetToken = null;

async function reset() {
  const result = await call('POST', '/auth/password/reset', { body: { token: resetToken, new_password: el.newPassword.value } });
  if (!result?.ok) return;
  resetToken = null;
  el.resetForm.hidden = true;
  clearSession();
  setStatus(`${statusLine(result.res.status)} — password changed and every device signed out: log in with the new password`);
}

/** Opened from a mailed link (#verify-email=… or #reset-password=…): take the token out of the address bar, then use it. */
async function followMailedLink() {
  const [action, token] = window.location.hash.slice(1).split('=');
  if (!token || !['verify-email', 'reset-password'].includes(action)) return;
  history.replaceState(null, '', window.location.pathname + window.location.search);
  if (action === 'reset-password') {
    resetToken = token;
    el.resetForm.hidden = false;
    el.newPassword.focus();
    setStatus('Choose a new password below: the link works once, for 30 minutes.');
    return;
  }
  // Only the account the link was mailed for can verify it: the link alone could be someone else's claim.
  const result = await call('POST', '/auth/verify-email', { body: { token }, auth: Boolean(session.accessToken) });
  if (result?.res.status === 401) {
    setStatus('401 — sign in to this account, then open the link again. Did not create it? "Forgot password" claims it.', 'error');
  }
  if (!result?.ok) return;
  if (session.user) setUser(result.data);
  setStatus(`${statusLine(result.res.status)} — ${result.data.email} is verified`);
}

el.register.addEventListener('click', register);
el.login.addEventListener('click', login);
el.form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!busy) login();
});
el.me.addEventListener('click', me);
el.refresh.addEventListener('click', refresh);
el.logout.addEventListener('click', logout);
el.google.addEventListener('click', startGoogle);
el.verifyRequest.addEventListener('click', requestVerification);
el.forgot.addEventListener('click', forgot);
// A link pasted into this tab changes only the fragment: no reload, so listen for it too.
window.addEventListener('hashchange', followMailedLink);
el.resetForm.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!busy) reset();
});

updateButtons();
tick();
setInterval(tick, 1000);
exchangeOAuthCode();
followMailedLink();
