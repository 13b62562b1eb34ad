// Demo page, section 9: two-step sign-in with an authenticator app (TOTP) and passkeys (WebAuthn).
// It uses demo.js's request helper, learns who is signed in from its `demo:user` event, and takes over a
// sign-in that answered MFA_REQUIRED from its `demo:mfa-required` event. The WebAuthn browser calls come
// from @simplewebauthn/browser and the QR code from qrcode-generator, both served by this server from
// node_modules: the CSP allows scripts from 'self' only.
import { startAuthentication, startRegistration } from '/vendor/simplewebauthn/index.js';
import qrcode from '/vendor/qrcode/qrcode.mjs';
import { call, setStatus, statusLine, storeTokens } from './demo.js';

const $ = (id) => document.getElementById(id);
const el = {
  setup: $('totp-setup'),
  qrFigure: $('totp-qr-figure'),
  qr: $('totp-qr'),
  secret: $('totp-secret'),
  code: $('mfa-code'),
  enable: $('totp-enable'),
  finish: $('mfa-login'),
  disable: $('totp-disable'),
  regenerate: $('recovery-codes'),
  recovery: $('recovery-list'),
  passkeyName: $('passkey-name'),
  addPasskey: $('passkey-add'),
  passkeyLogin: $('passkey-login'),
  passkeyList: $('passkey-list'),
  passkeys: $('passkeys'),
};

/** The mfa_token of a sign-in waiting for its second factor: in memory only, like the tokens. */
let mfaToken = null;

const code = () => el.code.value.trim();

let signedIn = false;

function updateButtons() {
  for (const button of [el.setup, el.enable, el.disable, el.regenerate, el.addPasskey, el.passkeyList]) button.disabled = !signedIn;
  el.finish.disabled = mfaToken === null;
}

document.addEventListener('demo:user', (event) => {
  signedIn = event.detail !== null;
  if (!signedIn) el.passkeys.replaceChildren();
  updateButtons();
});

// The password and Google sign-ins answered 403 MFA_REQUIRED: this step finishes them.
document.addEventListener('demo:mfa-required', (event) => {
  mfaToken = event.detail;
  updateButtons();
  el.code.value = '';
  el.code.focus();
  setStatus('403 Forbidden — MFA_REQUIRED: the password was right; enter a code from your app (or a recovery code) and finish signing in');
});

function showRecoveryCodes(codes) {
  el.recovery.textContent = `Recovery codes (each works once; they are shown only now):\n${codes.join('\n')}`;
  el.recovery.hidden = false;
}

async function setupTotp() {
  const result = await call('POST', '/auth/mfa/totp/setup', { auth: true });
  if (!result?.ok) return;
  const qr = qrcode(0, 'M');
  qr.addData(result.data.otpauth_uri);
  qr.make();
  el.qr.src = qr.createDataURL(4, 2);
  el.secret.textContent = result.data.secret;
  el.qrFigure.hidden = false;
  setStatus(`${statusLine(result.res.status)} — scan the QR code with an authenticator app, then enter its first code and turn it on`);
}

async function enableTotp() {
  const result = await call('POST', '/auth/mfa/totp/enable', { auth: true, body: { code: code() } });
  if (!result?.ok) return;
  el.qrFigure.hidden = true;
  showRecoveryCodes(result.data.recovery_codes);
  setStatus(`${statusLine(result.res.status)} — two-step sign-in is on: keep the recovery codes somewhere safe`);
}

async function finishLogin() {
  const result = await call('POST', '/auth/login/mfa', { body: { mfa_token: mfaToken, code: code(), delivery: 'cookie' } });
  // 401: the mfa_token is spent, expired or out of attempts; only a new password step helps.
  if (result?.ok || result?.res.status === 401) mfaToken = null;
  updateButtons();
  if (!result?.ok) return;
  storeTokens(result.data);
  setStatus(`${statusLine(result.res.status)} — signed in as ${result.data.user.email} with two steps`);
}

async function disableTotp() {
  const result = await call('POST', '/auth/mfa/totp/disable', { auth: true, body: { code: code() } });
  if (!result?.ok) return;
  el.recovery.hidden = true;
  setStatus(`${statusLine(result.res.status)} — two-step sign-in is off`);
}

async function regenerate() {
  const result = await call('POST', '/auth/mfa/recovery-codes', { auth: true, body: { code: code() } });
  if (!result?.ok) return;
  showRecoveryCodes(result.data.recovery_codes);
  setStatus(`${statusLine(result.res.status)} — a new set of recovery codes: the old set no longer works`);
}

/** Runs a WebAuthn ceremony in the browser; null (reported) when the user or the browser declines. */
async function ceremony(run) {
  try {
    return await run();
  } catch (error) {
    setStatus(`The browser did not complete the passkey step: ${error.name || 'Error'} — ${error.message || error}`, 'error');
    return null;
  }
}

async function addPasskey() {
  const options = await call('POST', '/auth/passkeys/register/options', { auth: true });
  if (!options?.ok) return;
  const response = await ceremony(() => startRegistration({ optionsJSON: options.data }));
  if (!response) return;
  const name = el.passkeyName.value.trim();
  const result = await call('POST', '/auth/passkeys/register/verify', { auth: true, body: name ? { response, name } : { response } });
  if (!result?.ok) return;
  setStatus(`${statusLine(result.res.status)} — passkey "${result.data.name}" added: you can now sign in with it, no email needed`);
}

async function signInWithPasskey() {
  const options = await call('POST', '/auth/passkeys/login/options');
  if (!options?.ok) return;
  const response = await ceremony(() => startAuthentication({ optionsJSON: options.data }));
  if (!response) return;
  const result = await call('POST', '/auth/passkeys/login/verify', { body: { response, delivery: 'cookie' } });
  if (!result?.ok) return;
  storeTokens(result.data);
  setStatus(`${statusLine(result.res.status)} — signed in as ${result.data.user.email} with a passkey`);
}

async function listPasskeys() {
  const result = await call('GET', '/auth/passkeys', { auth: true });
  if (!result?.ok) return;
  el.passkeys.replaceChildren(
    ...result.data.items.map((passkey) => {
      const li = document.createElement('li');
      const used = passkey.last_used_at ? `last used ${new Date(passkey.last_used_at).toLocaleString()}` : 'never used';
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.textContent = 'Delete';
      remove.addEventListener('click', () => deletePasskey(passkey, li));
      li.append(`${passkey.name} — added ${new Date(passkey.created_at).toLocaleString()}, ${used} `, remove);
      return li;
    }),
  );
  setStatus(`${statusLine(result.res.status)} — ${result.data.items.length} passkey(s)`);
}

async function deletePasskey(passkey, li) {
  const result = await call('DELETE', `/auth/passkeys/${encodeURIComponent(passkey.id)}`, { auth: true });
  if (!result?.ok) return;
  li.remove();
  setStatus(`${statusLine(result.res.status)} — passkey "${passkey.name}" deleted: it no longer signs in`);
}

el.setup.addEventListener('click', setupTotp);
el.enable.addEventListener('click', enableTotp);
el.finish.addEventListener('click', finishLogin);
el.disable.addEventListener('click', disableTotp);
el.regenerate.addEventListener('click', regenerate);
el.addPasskey.addEventListener('click', addPasskey);
el.passkeyLogin.addEventListener('click', signInWithPasskey);
el.passkeyList.addEventListener('click', listPasskeys);
updateButtons();
