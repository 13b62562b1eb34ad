// "Verify the signature" on the demo page: what another service does with an ES256 token, here in the
// browser: fetch the server's public keys (GET /.well-known/jwks.json), take the one the token's `kid`
// names, and check the signature with Web Crypto. No secret is involved, which is the point. With HS256
// the page says why it cannot: the key that verifies is the secret that signs.
import { $, accessToken, base64UrlBytes, base64UrlDecode, call, onStateChange, setStatus, statusLine } from './demo.js';

const el = { verify: $('verify-signature'), verdict: $('signature-verdict') };

function say(text, kind = 'ok') {
  el.verdict.textContent = text;
  setStatus(text, kind);
}

async function verifySignature() {
  const token = accessToken();
  const [headerPart, claimsPart, signaturePart] = token.split('.');
  const header = JSON.parse(base64UrlDecode(headerPart));
  if (header.alg !== 'ES256') {
    say(
      `${header.alg}: signed with JWT_SECRET, a shared secret. Only a holder of that secret can check this signature — and could mint tokens with it — so neither this page nor any other service can. With JWT_SIGNING_KEYS the server signs ES256 and publishes its public keys.`,
    );
    return;
  }
  const result = await call('GET', '/.well-known/jwks.json');
  if (!result?.ok) return;
  const jwk = result.data.keys.find((key) => key.kid === header.kid);
  if (!jwk) {
    say(`${statusLine(result.res.status)} — no key with kid "${header.kid}" in the JWKS: this token is refused`, 'error');
    return;
  }
  // Only the public members a verifier needs; the JWKS never holds more.
  const key = await crypto.subtle.importKey(
    'jwk',
    { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y },
    { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['verify'],
  );
  // JWS puts ES256's r and s side by side (RFC 7518 §3.4): the form Web Crypto reads.
  const valid = await crypto.subtle.verify(
    { name: 'ECDSA', hash: 'SHA-256' },
    key,
    base64UrlBytes(signaturePart),
    new TextEncoder().encode(`${headerPart}.${claimsPart}`),
  );
  say(
    valid
      ? `Signature verified in this browser with key "${header.kid}" from /.well-known/jwks.json (Web Crypto, ECDSA P-256 + SHA-256): the public key alone is enough — any service can do this without a secret.`
      : `The signature does not match key "${header.kid}": this token was not signed by this server.`,
    valid ? 'ok' : 'error',
  );
}

onStateChange(({ busy, signedIn }) => {
  el.verify.disabled = busy || !signedIn;
  if (!signedIn) el.verdict.textContent = '';
});
el.verify.addEventListener('click', () => void verifySignature());
