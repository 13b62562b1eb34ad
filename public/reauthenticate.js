// Demo page: the step-up prompt. A request that changes a way into the account answers 401
// REAUTHENTICATION_REQUIRED when the sign-in is older than REAUTH_MAX_AGE; demo.js hands it here, this
// asks for the password and/or code, renews the session at /auth/reauthenticate with cookie delivery like
// every other call of the page, and demo.js retries the request once. The code field is the mfa feature's
// (absent without it); other ways to prove it (passkeys.js) add themselves with addReauthMethod().
import { $, call, onReauthenticationRequired, setStatus, statusLine, storeTokens } from './demo.js';

const el = {
  form: $('reauth-form'),
  password: $('reauth-password'),
  code: $('reauth-code'),
  cancel: $('reauth-cancel'),
};
let user = null;
document.addEventListener('demo:user', (event) => {
  user = event.detail;
});

/** Other ways to prove it is you: `button` in the prompt runs `run()`, which resolves with a call() result (or null). */
const methods = [];
export function addReauthMethod(button, run) {
  methods.push({ button, run });
}

async function withPassword() {
  const body = { delivery: 'cookie' };
  if (el.password.value) body.password = el.password.value;
  if (el.code?.value.trim()) body.code = el.code.value.trim();
  return call('POST', '/auth/reauthenticate', { auth: true, body });
}

/** Shows the prompt and resolves true once the session has a fresh auth_time, false when cancelled. */
function prompt() {
  const hasPassword = user?.providers.includes('password') ?? true;
  el.password.hidden = el.password.labels[0].hidden = !hasPassword;
  if (el.code) el.code.hidden = el.code.labels[0].hidden = !user?.mfa_enabled;
  el.form.hidden = false;
  el.form.scrollIntoView({ block: 'center' });
  (hasPassword ? el.password : (methods[0]?.button ?? el.cancel)).focus();
  setStatus('401 REAUTHENTICATION_REQUIRED — this changes a way into your account: prove it is you again', 'error');
  return new Promise((resolve) => {
    const finish = (value) => {
      el.form.hidden = true;
      el.password.value = '';
      if (el.code) el.code.value = '';
      el.form.onsubmit = el.cancel.onclick = null;
      for (const { button } of methods) button.onclick = null;
      resolve(value);
    };
    const attempt = async (run) => {
      const result = await run();
      if (!result?.ok) return;
      storeTokens(result.data);
      setStatus(`${statusLine(result.res.status)} — it is you: same session, fresh auth_time; retrying the request`);
      finish(true);
    };
    el.form.onsubmit = (event) => {
      event.preventDefault();
      void attempt(withPassword);
    };
    for (const { button, run } of methods) button.onclick = () => void attempt(run);
    el.cancel.onclick = () => finish(false);
  });
}

onReauthenticationRequired(prompt);
