// feature-file:passkeys — the demo page's passkeys (WebAuthn): add, list and delete them, sign in and re-authenticate with one.
// It uses demo.js's request helper and learns who is signed in from its `demo:user` event. The WebAuthn browser
// calls come from @simplewebauthn/browser, served by this server from node_modules: the CSP allows scripts from
// 'self' only. Adding one and signing in with one each show two exchanges, the challenge (options) above
// the answer (verify): the one-time challenge is what makes a passkey worth nothing to a replay.
// `npm run feature:remove -- passkeys` deletes this file.
import { startAuthentication, startRegistration } from '/vendor/simplewebauthn/index.js';
import { $, base64UrlDecode, call, setStatus, statusLine, storeTokens } from './demo.js';
import { addReauthMethod } from './reauthenticate.js';

const el = {
  name: $('passkey-name'),
  add: $('passkey-add'),
  login: $('passkey-login'),
  list: $('passkey-list'),
  passkeys: $('passkeys'),
  reauth: $('reauth-passkey'),
};

let signedIn = false;

function updateButtons() {
  for (const button of [el.add, el.list]) button.disabled = !signedIn;
}

document.addEventListener('demo:user', (event) => {
  signedIn = event.detail !== null;
  if (!signedIn) el.passkeys.replaceChildren();
  updateButtons();
});

const WHY = {
  registerOptions:
    'First the challenge: random, single use, 5 minutes, for you alone (the server keeps only its hash). rp.id is the site the new key will belong to, user.id your account, excludeCredentials the passkeys you already have (a device registers once), and userVerification "required" makes the device check it is you (PIN, fingerprint). The browser puts the challenge and this page\'s origin into clientDataJSON; the answer carries them back.',
  registerVerify: (response) =>
    `Then the answer: clientDataJSON, decoded ${JSON.stringify(clientData(response))} — the challenge above and this page's origin — and attestationObject, with the new public key, the rp.id's hash and the user-verified flag. Attestation "none": no device maker vouches for the key, so nothing is signed yet. The server spends the challenge (it must be the one it gave you), checks origin, rp.id and flag, and stores the public key; the private key never leaves the device.`,
  loginOptions:
    'First the challenge: random, single use, 5 minutes, bound to this browser by an HttpOnly passkey_challenge cookie (no script reads Set-Cookie, so it is not shown). rpId is the site the passkey must belong to; with no allowCredentials the authenticator offers the passkeys it holds for it, so no email is typed; userVerification "required": it checks it is you. The authenticator signs this challenge: a signature recorded earlier is over another one, worth nothing now.',
  loginVerify: (response) =>
    `Then the signature: the authenticator signed authenticatorData and the hash of clientDataJSON, decoded ${JSON.stringify(clientData(response))} — the challenge above and this page's origin — with the passkey's private key. The server spends the challenge (it must be this browser's), checks the signature with the public key it stored, the origin, rpId, user verification and that the counter grew, and signs you in.`,
};

/** The clientDataJSON of a WebAuthn answer, decoded: what the browser put around the challenge. */
function clientData(response) {
  return JSON.parse(base64UrlDecode(response.response.clientDataJSON));
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
  const options = await call('POST', '/auth/passkeys/register/options', { auth: true, why: WHY.registerOptions });
  if (!options?.ok) return;
  const response = await ceremony(() => startRegistration({ optionsJSON: options.data }));
  if (!response) return;
  const name = el.name.value.trim();
  const result = await call('POST', '/auth/passkeys/register/verify', {
    auth: true,
    body: name ? { response, name } : { response },
    why: WHY.registerVerify(response),
    continues: true,
  });
  if (!result?.ok) return;
  setStatus(`${statusLine(result.res.status)} — passkey "${result.data.name}" added: you can now sign in with it, no email needed`);
}

async function signInWithPasskey() {
  const options = await call('POST', '/auth/passkeys/login/options', { why: WHY.loginOptions });
  if (!options?.ok) return;
  const response = await ceremony(() => startAuthentication({ optionsJSON: options.data }));
  if (!response) return;
  const result = await call('POST', '/auth/passkeys/login/verify', {
    body: { response, delivery: 'cookie' },
    why: WHY.loginVerify(response),
    continues: true,
  });
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

/** The step-up prompt's "Use a passkey instead": a fresh auth_time for this session from a passkey. */
async function reauthenticateWithPasskey() {
  const options = await call('POST', '/auth/passkeys/reauthenticate/options', { auth: true });
  if (!options?.ok) return options;
  const response = await startAuthentication({ optionsJSON: options.data }).catch(() => null);
  if (!response) return null;
  return call('POST', '/auth/passkeys/reauthenticate/verify', { auth: true, body: { response, delivery: 'cookie' } });
}

el.add.addEventListener('click', addPasskey);
el.login.addEventListener('click', signInWithPasskey);
el.list.addEventListener('click', listPasskeys);
addReauthMethod(el.reauth, reauthenticateWithPasskey);
updateButtons();
