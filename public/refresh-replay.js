// "Replay the old refresh token" on the demo page: plays the thief who copied a refresh token before its
// owner refreshed. It sends the spent token, whose reuse ends the whole session (401 REFRESH_TOKEN_REUSED),
// then the newest token of that session, to show that it died too. Only a body-delivered session has a
// spent token this script can send: with cookie delivery the tokens were in an HttpOnly cookie the script
// never read, so the button stays off and the page says why. That is the honest limit, and the point of
// the cookie: a script injected into the page could not steal the token to replay it either.
import { $, call, clearSession, describeError, onStateChange, refreshTokens, setStatus, storeTokens } from './demo.js';

const el = { replay: $('replay-refresh'), note: $('replay-note') };

const WHY = {
  replay:
    "The thief's request: the refresh token the last refresh spent, sent again as someone who copied it earlier would. Two parties hold copies — the owner and a thief — and the server cannot tell which is which, so it ends the whole session: every refresh token of it is revoked, its access tokens refused.",
  newest:
    "The owner's next refresh, with the newest refresh token: the reuse ended its session, so it is refused too. The stolen copy now gives nothing; the owner signs in again.",
};

/** Why the button is off, or what it will send; an empty session says how to get one that can show it. */
function note(signedIn, { current, spent }) {
  if (!signedIn) return 'Sign in with body delivery and refresh once to try it.';
  if (!current) {
    return 'Not with cookie delivery: the spent refresh token was in the HttpOnly cookie, which this script never read — nor could a script injected into the page. Sign in with body delivery to try it.';
  }
  if (!spent) return 'Refresh first: the replay sends the refresh token that the refresh spends.';
  return 'Ready: sends the refresh token the last refresh spent, then the newest one.';
}

/** What the newest refresh token got, in words: observed, never assumed. */
function newestVerdict(result) {
  if (!result) return 'the newest refresh token could not be tried (no response)';
  if (result.ok) return 'the newest refresh token still works (the session was not ended)';
  return `the newest refresh token is refused too (${describeError(result.res, result.data)})`;
}

async function replay() {
  const { current, spent } = refreshTokens();
  const replayed = await call('POST', '/auth/refresh', { body: { refresh_token: spent }, why: WHY.replay });
  if (!replayed) return;
  const newest = await call('POST', '/auth/refresh', { body: { refresh_token: current }, why: WHY.newest, continues: true });
  if (newest?.ok) storeTokens(newest.data, current);
  else clearSession();
  const answer = replayed.ok ? 'The spent refresh token was accepted.' : describeError(replayed.res, replayed.data);
  setStatus(`${answer} Then ${newestVerdict(newest)}${newest?.ok ? '.' : ': signed out.'}`, 'error');
}

onStateChange(({ busy, signedIn }) => {
  const tokens = refreshTokens();
  el.replay.disabled = busy || !signedIn || !tokens.spent;
  el.note.textContent = note(signedIn, tokens);
});
el.replay.addEventListener('click', () => void replay());
