// Demo page for express-auth-starter, its core: the request helper, the status line, the token state and
// the core steps (register, log in, refresh, log out, sessions). Plain ES module, no dependencies.
// Each optional feature's part of the page is its own module (google.js, mail.js, mfa.js, passkeys.js,
// admin.js, notes.js) that imports this one; this one never imports them, so any of them can be removed.
// The access token lives only in this module-level variable: never in localStorage, sessionStorage or a
// readable cookie (any script running on the page can read those). The refresh token is in an HttpOnly
// cookie (cookie delivery) that this script cannot read at all: the browser sends it to /auth. A password
// sign-in may choose body delivery instead, as a native app would: then the refresh token is in this
// variable too (memory only, lost on reload), and so is the one the last refresh spent, for the replay.
const signedOut = () => ({ accessToken: null, refreshToken: null, spentRefreshToken: null, user: null });
let session = signedOut();
/** Silent refresh a minute before the access token expires. */
let refreshTimer = null;
const REFRESH_EARLY_SECONDS = 60;
// An access token kept after logout, to show what the server still does with it.
const past = { loggedOutAccessToken: null };

export const $ = (id) => document.getElementById(id);
const el = {
  form: $('credentials'),
  email: $('email'),
  password: $('password'),
  name: $('name'),
  register: $('register'),
  login: $('login'),
  me: $('me'),
  refresh: $('refresh'),
  rotation: $('rotation'),
  logout: $('logout'),
  oldAccess: $('old-access'),
  oldAccessResult: $('old-access-result'),
  copyAccess: $('copy-access'),
  sessions: $('sessions'),
  sessionList: $('session-list'),
  cookieCheck: $('cookie-check'),
  cookieView: $('cookie-view'),
  status: $('status'),
  user: $('user'),
  request: $('request'),
  response: $('response'),
  earlier: $('earlier'),
  why: $('why'),
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

export function showRequest(method, path, headers, body) {
  const lines = [`${method} ${path} HTTP/1.1`, `Host: ${location.host}`];
  for (const [name, value] of Object.entries(headers)) {
    const shown = name === 'Authorization' ? `Bearer ${abbreviate(value.slice(7))}` : value;
    lines.push(`${name}: ${shown}`);
  }
  if (body !== undefined) lines.push('', json(redact(body)));
  el.request.textContent = lines.join('\n');
}

export function showResponse(res, data) {
  const lines = [`HTTP/1.1 ${statusLine(res.status, res.statusText)}`];
  for (const name of SHOWN_HEADERS) {
    const value = res.headers.get(name);
    if (value !== null) lines.push(`${name}: ${value}`);
  }
  lines.push('', data === undefined ? '(no body)' : typeof data === 'string' ? data : json(redact(data)));
  el.response.textContent = lines.join('\n');
}

/** Summarises an error response, RFC 9457 problem details or not. */
export function describeError(res, data) {
  const head = statusLine(res.status, res.statusText);
  if (!data || typeof data !== 'object') return `${head} — unexpected response`;
  let text = `${head} — ${data.code || data.title || 'error'}`;
  if (data.detail) text += `: ${data.detail}`;
  if (Array.isArray(data.errors) && data.errors.length > 0) {
    text += ` (${data.errors.map((e) => `${e.path}: ${e.message}`).join('; ')})`;
  }
  return text;
}

let reauthenticate = null;

/** Registers what runs when a request answers 401 REAUTHENTICATION_REQUIRED: it resolves true once the session proved itself again. */
export function onReauthenticationRequired(handler) {
  reauthenticate = handler;
}

/**
 * Sends one JSON request, shows it and its response. Returns { res, data, ok } or null on a
 * network error (already reported). data is parsed JSON, raw text, or undefined for no body.
 * `auth`: true sends the session's access token; a string sends that token instead. A request with
 * the session's token that answers REAUTHENTICATION_REQUIRED is retried once, after re-authentication.
 * `why`: a sentence or two shown with the exchange, saying why this request is made. `continues`: the
 * request is the next one of the same step (a WebAuthn ceremony, a replay): the exchange on screen moves
 * up, above this one, instead of being replaced.
 */
export async function call(method, path, options = {}) {
  const result = await send(method, path, options);
  if (result?.data?.code !== 'REAUTHENTICATION_REQUIRED' || options.auth !== true || !reauthenticate) return result;
  return (await reauthenticate()) ? send(method, path, options) : result;
}

/** The exchange on screen, with its why, as an item of the list of earlier ones. */
function keepShownExchange() {
  const item = document.createElement('li');
  const why = document.createElement('p');
  why.className = 'why';
  why.textContent = el.why.textContent;
  const panes = document.createElement('div');
  panes.className = 'panes';
  for (const [title, pane] of [
    ['Request', el.request],
    ['Response', el.response],
  ]) {
    const part = document.createElement('div');
    const heading = document.createElement('h4');
    heading.textContent = title;
    const copy = document.createElement('pre');
    copy.className = 'pane';
    copy.tabIndex = 0;
    copy.textContent = pane.textContent;
    part.append(heading, copy);
    panes.append(part);
  }
  item.append(why, panes);
  el.earlier.append(item);
}

/** Makes room for a new exchange: the one on screen goes up when the new one `continues` its step, else the earlier ones go. */
function startExchange(why, continues) {
  if (continues) keepShownExchange();
  else el.earlier.replaceChildren();
  el.earlier.hidden = el.earlier.childElementCount === 0;
  el.why.textContent = why;
}

/** `quiet`: shown only when it succeeds (the silent restore on opening the page: no cookie is no error). */
async function send(method, path, { body, auth = false, quiet = false, why = '', continues = false } = {}) {
  const headers = {};
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (auth) headers.Authorization = `Bearer ${typeof auth === 'string' ? auth : session.accessToken}`;
  const show = () => {
    startExchange(why, continues);
    showRequest(method, path, headers, body);
  };
  if (!quiet) {
    show();
    el.response.textContent = '…waiting for the server';
  }
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
    // ok: a 2xx with a JSON object body (or no body at all for 204).
    const ok = res.ok && (res.status === 204 || (data !== null && typeof data === 'object'));
    if (quiet && !ok) return { res, data, ok };
    if (quiet) show();
    showResponse(res, data);
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

/** base64url → bytes. Decoding only: no signature is checked here. */
export function base64UrlBytes(part) {
  const base64 = part
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(part.length / 4) * 4, '=');
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

/** base64url → UTF-8 text (a JWT's header and claims, WebAuthn's clientDataJSON). */
export const base64UrlDecode = (part) => new TextDecoder().decode(base64UrlBytes(part));

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
  el.refresh.disabled = busy || !session.accessToken;
  el.logout.disabled = busy || !session.accessToken;
  el.sessions.disabled = busy || !session.accessToken;
  el.oldAccess.disabled = busy || !past.loggedOutAccessToken;
  el.copyAccess.disabled = !session.accessToken;
  const state = { busy, signedIn: Boolean(session.accessToken) };
  for (const update of stateListeners) update(state);
}

const stateListeners = [];

/** Registers `update({ busy, signedIn })`, run now and whenever a request starts or ends or the page signs in or out: a feature's buttons follow it. */
export function onStateChange(update) {
  stateListeners.push(update);
  update({ busy, signedIn: Boolean(session.accessToken) });
}

/** Shows who is signed in, and tells the page's other modules (account.js) through a `demo:user` event. */
export function setUser(user) {
  session.user = user || null;
  el.user.textContent = user ? user.email : '';
  document.dispatchEvent(new CustomEvent('demo:user', { detail: session.user }));
}

/**
 * Keeps the tokens of a token response (register, login, refresh, OAuth exchange): the access token, and
 * the refresh token when it came in the body (else it is in the cookie). `spent`: the body-delivered
 * refresh token this response rotated away, kept to show reuse detection.
 */
export function storeTokens(data, spent = null) {
  session.accessToken = data.access_token;
  session.refreshToken = data.refresh_token ?? null;
  session.spentRefreshToken = spent;
  if (data.user) setUser(data.user);
  showToken();
  tick();
  updateButtons();
  clearTimeout(refreshTimer);
  if (session.exp) {
    const inMs = (session.exp - REFRESH_EARLY_SECONDS) * 1000 - Date.now();
    refreshTimer = setTimeout(() => refresh('refreshed silently before the access token expired'), Math.max(inMs, 5000));
  }
}

/** Whether the page holds an access token: a mailed link bound to an account needs it. */
export const isSignedIn = () => Boolean(session.accessToken);

/** The access token the page holds (in memory only), or null. */
export const accessToken = () => session.accessToken;

/** Who is signed in (the last profile the server answered), or null. */
export const currentUser = () => session.user;

/**
 * The session's refresh tokens as far as this script can know them: `current` and the one the last
 * refresh spent, both null with cookie delivery (the cookie is HttpOnly).
 */
export const refreshTokens = () => ({ current: session.refreshToken, spent: session.spentRefreshToken });

export function clearSession() {
  clearTimeout(refreshTimer);
  session = signedOut();
  el.sessionList.replaceChildren();
  setUser(null);
  showToken();
  tick();
  updateButtons();
}

/** A sign-in that answered 403 MFA_REQUIRED: mfa.js, when installed, asks for the code (`demo:mfa-required`). */
export function needsSecondFactor(result) {
  if (result?.data?.code !== 'MFA_REQUIRED') return false;
  document.dispatchEvent(new CustomEvent('demo:mfa-required', { detail: result.data.mfa_token }));
  return true;
}

function credentials() {
  return { email: el.email.value, password: el.password.value, delivery: el.form.elements.delivery.value };
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
  if (needsSecondFactor(result)) return;
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

/** Claims worth comparing across a refresh, or {} for a token that does not decode. */
function claimsOf(token) {
  try {
    return decodeJwt(token).claims;
  } catch {
    return {};
  }
}

/** The old-vs-new table after a refresh: a new access token, and a new refresh token (unseen by this script in the cookie). */
function showRotation(before, after) {
  const [oldClaims, newClaims] = [claimsOf(before), claimsOf(after)];
  const time = (exp) => (typeof exp === 'number' ? new Date(exp * 1000).toLocaleTimeString() : '?');
  const { current, spent } = refreshTokens();
  const rows = [
    current
      ? ['refresh token', `${abbreviate(spent)} spent`, abbreviate(current)]
      : ['refresh token', 'spent (HttpOnly cookie)', 'new (HttpOnly cookie)'],
    ['access token jti', oldClaims.jti, newClaims.jti],
    ['access token expires', time(oldClaims.exp), time(newClaims.exp)],
  ];
  const body = el.rotation.tBodies[0];
  body.replaceChildren(
    ...rows.map((cells) => {
      const row = document.createElement('tr');
      cells.forEach((text, i) => {
        const cell = document.createElement(i === 0 ? 'th' : 'td');
        cell.textContent = String(text ?? '');
        row.append(cell);
      });
      return row;
    }),
  );
  el.rotation.hidden = false;
}

/** The body that presents the session's refresh token: the body-delivered one, else none (the browser adds the cookie). */
const presentRefreshToken = () => (session.refreshToken ? { refresh_token: session.refreshToken } : {});

/** POST /auth/refresh: the answer replaces the refresh token, in the cookie or in this page's memory. */
async function refresh(done = 'refreshed: both tokens are new, the old refresh token is spent') {
  const before = session.accessToken;
  const body = presentRefreshToken();
  const result = await call('POST', '/auth/refresh', { body });
  if (!result) return;
  if (result.ok) {
    storeTokens(result.data, body.refresh_token);
    showRotation(before, session.accessToken);
    setStatus(`${statusLine(result.res.status)} — ${done}`);
  } else if (result.res.status === 401) {
    // Spent, revoked or expired: this session is over, so forget it.
    clearSession();
    setStatus(`${describeError(result.res, result.data)} — session cleared, log in again`, 'error');
  }
}

/** What the server answered an access token with, in words: observed, never assumed. */
function accessVerdict(result) {
  if (!result) return 'could not be checked (no response)';
  if (result.res.status === 200) return 'still accepted (200): a JWT stays valid until its exp unless the server revokes it';
  return `refused at once (${describeError(result.res, result.data)})`;
}

async function logout() {
  const accessToken = session.accessToken;
  const result = await call('POST', '/auth/logout', { body: presentRefreshToken() });
  if (!result?.ok) return;
  clearSession();
  past.loggedOutAccessToken = accessToken;
  el.oldAccessResult.textContent = '';
  updateButtons();
  setStatus(`${statusLine(result.res.status)} — logged out`);
}

async function tryLoggedOutAccessToken() {
  const verdict = accessVerdict(await call('GET', '/auth/me', { auth: past.loggedOutAccessToken }));
  el.oldAccessResult.textContent = `The logged-out access token: ${verdict}.`;
  setStatus(el.oldAccessResult.textContent);
}

/** Copies a token in full, for /docs ("Authorize") or curl. */
async function copyToken(name, token) {
  try {
    await navigator.clipboard.writeText(token);
    setStatus(`Copied the ${name} (${token.length} characters): paste it into /docs → Authorize, or into curl.`);
  } catch (err) {
    setStatus(`Could not copy the ${name}: ${err.message || err}`, 'error');
  }
}

/** A reload forgets the access token: the refresh-token cookie, if the browser holds one, brings the session back. */
async function restoreSession() {
  const result = await call('POST', '/auth/refresh', { body: {}, quiet: true });
  if (!result) return;
  if (result.ok) {
    storeTokens(result.data);
    const me = await call('GET', '/auth/me', { auth: true });
    if (me?.ok) setUser(me.data);
    setStatus(`${statusLine(result.res.status)} — session restored from the HttpOnly cookie`);
  } else {
    setStatus('Not signed in (no live refresh-token cookie): register or log in.');
  }
}

const BROWSERS = [
  [/Edg\/(\d+)/, 'Edge'],
  [/Firefox\/(\d+)/, 'Firefox'],
  [/Chrome\/(\d+)/, 'Chrome'],
  [/Version\/(\d+)[\d.]* .*Safari\//, 'Safari'],
  [/^curl\/([\d.]+)/, 'curl'],
];
const SYSTEMS = [
  [/Android/, 'Android'],
  [/iPhone|iPad/, 'iOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X/, 'macOS'],
  [/Linux/, 'Linux'],
];

/** "Chrome 156 on Linux" from a User-Agent header; the raw header when it names nothing we know. */
function deviceOf(userAgent) {
  if (!userAgent) return 'unknown browser';
  const browser = BROWSERS.map(([pattern, name]) => [pattern.exec(userAgent), name]).find(([match]) => match);
  const system = SYSTEMS.find(([pattern]) => pattern.test(userAgent))?.[1];
  if (!browser) return userAgent;
  return `${browser[1]} ${browser[0][1]}${system ? ` on ${system}` : ''}`;
}

function describeSession(item) {
  const when = (iso) => new Date(iso).toLocaleString();
  const where = [deviceOf(item.user_agent), item.ip || 'unknown address'].join(' · ');
  return `${item.current ? '(this session) ' : ''}${where} — signed in ${when(item.created_at)}, last used ${when(item.last_used_at)}`;
}

async function listSessions() {
  const result = await call('GET', '/auth/sessions', { auth: true });
  if (!result?.ok) return;
  el.sessionList.replaceChildren(
    ...result.data.items.map((item) => {
      const li = document.createElement('li');
      const end = document.createElement('button');
      end.type = 'button';
      end.textContent = 'End this session';
      end.addEventListener('click', () => endSession(item, li));
      li.append(describeSession(item), ' ', end);
      return li;
    }),
  );
  setStatus(`${statusLine(result.res.status)} — ${result.data.items.length} live session(s)`);
}

async function endSession(item, li) {
  const result = await call('DELETE', `/auth/sessions/${encodeURIComponent(item.id)}`, { auth: true });
  if (!result?.ok) return;
  li.remove();
  if (item.current) {
    clearSession();
    setStatus(`${statusLine(result.res.status)} — this session ended: its access token is already refused`);
  } else {
    setStatus(`${statusLine(result.res.status)} — session ended: that device is signed out`);
  }
}

function showCookies() {
  el.cookieView.textContent = `document.cookie = ${JSON.stringify(document.cookie)} — no refresh token: the cookie is HttpOnly.`;
}

el.register.addEventListener('click', register);
el.login.addEventListener('click', login);
el.form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!busy) login();
});
el.me.addEventListener('click', me);
el.refresh.addEventListener('click', () => refresh());
el.logout.addEventListener('click', logout);
el.oldAccess.addEventListener('click', tryLoggedOutAccessToken);
el.copyAccess.addEventListener('click', () => copyToken('access token', session.accessToken));
el.sessions.addEventListener('click', listSessions);
el.cookieCheck.addEventListener('click', showCookies);

updateButtons();
tick();
setInterval(tick, 1000);

const signInSteps = [];
const startSteps = [];

/**
 * Registers a way the page can sign in as it opens (Google's `?code=`): `step()` resolves true when it took
 * the sign-in over, and then the session is not restored from the cookie.
 */
export function onPageSignIn(step) {
  signInSteps.push(step);
}

/** Registers what runs once the page has its session (a mailed link in the address bar, say). */
export function afterStart(step) {
  startSteps.push(step);
}

/** Runs once every module of the page has loaded: the steps one after the other, each showing its own request and status. */
async function start() {
  let signedIn = false;
  for (const step of signInSteps) {
    if (await step()) {
      signedIn = true;
      break;
    }
  }
  if (!signedIn) await restoreSession();
  for (const step of startSteps) await step();
}

// Module scripts all run before DOMContentLoaded: by then every feature module has registered its steps.
document.addEventListener('DOMContentLoaded', () => void start());
