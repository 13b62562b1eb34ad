// feature-file:mail — the demo page's mailed links: verify the email, reset a forgotten password, change the email.
// It uses demo.js's request helper; a link opened from a mail (#verify-email=…, #reset-password=…, #change-email=…)
// is followed once the page has its session. `npm run feature:remove -- mail` deletes this file.
import { $, afterStart, call, clearSession, currentUser, isSignedIn, onStateChange, setStatus, setUser, statusLine } from './demo.js';
import { reveal } from './views.js';

const el = {
  email: $('email'),
  forgotEmail: $('forgot-email'),
  verifyRequest: $('verify-request'),
  forgot: $('forgot'),
  resetForm: $('reset-form'),
  newPassword: $('new-password'),
  reset: $('reset'),
  newEmail: $('new-email'),
  emailPassword: $('email-password'),
  changeEmail: $('change-email'),
};

let busy = false;
onStateChange((state) => {
  busy = state.busy;
  el.verifyRequest.disabled = state.busy || !state.signedIn;
  el.changeEmail.disabled = !state.signedIn;
  el.forgot.disabled = state.busy;
  el.reset.disabled = state.busy;
});

async function requestVerification() {
  const result = await call('POST', '/auth/verify-email/request', { auth: true });
  if (!result?.ok) return;
  setStatus(`${statusLine(result.res.status)} — ${result.data.message}`);
}

async function forgot() {
  const result = await call('POST', '/auth/password/forgot', { body: { email: el.forgotEmail.value } });
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

async function changeEmail() {
  const body = { new_email: el.newEmail.value, current_password: el.emailPassword.value };
  const result = await call('POST', '/auth/email', { auth: true, body });
  el.emailPassword.value = '';
  if (!result?.ok) return;
  setStatus(`${statusLine(result.res.status)} — ${result.data.message}`);
}

/** Opened from a mailed link (#verify-email=…, #reset-password=…, #change-email=…): take the token out of the address bar, then use it. */
async function followMailedLink() {
  const [action, token] = window.location.hash.slice(1).split('=');
  if (!token || !['verify-email', 'reset-password', 'change-email'].includes(action)) return;
  history.replaceState(null, '', window.location.pathname + window.location.search);
  // The link lands on the page's first view: open the one it belongs to.
  reveal(action === 'change-email' ? el.changeEmail : el.verifyRequest);
  if (action === 'reset-password') {
    resetToken = token;
    el.resetForm.hidden = false;
    el.newPassword.focus();
    setStatus('Choose a new password below: the link works once, for 30 minutes.');
    return;
  }
  if (action === 'change-email') return confirmEmailChange(token);
  // Only the account the link was mailed for can verify it: the link alone could be someone else's claim.
  const result = await call('POST', '/auth/verify-email', { body: { token }, auth: isSignedIn() });
  if (result?.res.status === 401) {
    setStatus('401 — sign in to this account, then open the link again. Did not create it? "Forgot password" claims it.', 'error');
  }
  if (!result?.ok) return;
  if (currentUser()) setUser(result.data);
  setStatus(`${statusLine(result.res.status)} — ${result.data.email} is verified`);
}

/** The link mailed to a new address: only the account that asked for the change can confirm it (the link alone could be an attacker's). */
async function confirmEmailChange(token) {
  const result = await call('POST', '/auth/email/confirm', { body: { token }, auth: isSignedIn() });
  if (result?.res.status === 401) {
    setStatus('401 — sign in as the account that asked for the change, then open the link again.', 'error');
  }
  if (!result?.ok) return;
  // Every session of the account is revoked on confirm: sign in again with the new address.
  clearSession();
  setStatus(`${statusLine(result.res.status)} — your email is now ${result.data.email}; sign in with it`);
}

// Prefilled from the sign-in form, typed in another view; typing here overrides it.
el.email.addEventListener('input', () => {
  el.forgotEmail.value = el.email.value;
});
el.verifyRequest.addEventListener('click', requestVerification);
el.forgot.addEventListener('click', forgot);
el.changeEmail.addEventListener('click', changeEmail);
el.resetForm.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!busy) reset();
});
// A link pasted into this tab changes only the fragment: no reload, so listen for it too.
window.addEventListener('hashchange', followMailedLink);
afterStart(followMailedLink);
