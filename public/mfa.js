// feature-file:mfa — the demo page's two-step sign-in with an authenticator app (TOTP). `npm run feature:remove -- mfa` deletes it.
// It uses demo.js's request helper, learns who is signed in from its `demo:user` event, and takes over a
// sign-in that answered MFA_REQUIRED from its `demo:mfa-required` event. The QR code comes from
// qrcode-generator, served by this server from node_modules: the CSP allows scripts from 'self' only.
import qrcode from '/vendor/qrcode/qrcode.mjs';
import { $, call, setStatus, statusLine, storeTokens } from './demo.js';
import { reveal } from './views.js';

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
};

/** The mfa_token of a sign-in waiting for its second factor: in memory only, like the tokens. */
let mfaToken = null;

const code = () => el.code.value.trim();

let signedIn = false;

function updateButtons() {
  for (const button of [el.setup, el.enable, el.disable, el.regenerate]) button.disabled = !signedIn;
  el.finish.disabled = mfaToken === null;
}

document.addEventListener('demo:user', (event) => {
  signedIn = event.detail !== null;
  // Recovery codes are shown once, to the person who just made them: never to whoever signs in next.
  if (!signedIn) {
    el.recovery.hidden = true;
    el.recovery.textContent = '';
  }
  updateButtons();
});

// The password and Google sign-ins answered 403 MFA_REQUIRED: this step finishes them, so its view opens,
// whichever view they started in.
document.addEventListener('demo:mfa-required', (event) => {
  mfaToken = event.detail;
  updateButtons();
  el.code.value = '';
  reveal(el.code);
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
  // A code works once: left in the field it would only be refused on the next click.
  el.code.value = '';
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

el.setup.addEventListener('click', setupTotp);
el.enable.addEventListener('click', enableTotp);
el.finish.addEventListener('click', finishLogin);
el.disable.addEventListener('click', disableTotp);
el.regenerate.addEventListener('click', regenerate);
updateButtons();
