import { z } from 'zod';

const base64url = z
  .string()
  .max(4096)
  .regex(/^[A-Za-z0-9_-]*$/, 'must be base64url');

// The browser's PublicKeyCredential JSON: what is inside `response` is the WebAuthn library's to check.
const credential = <Inner extends z.ZodRawShape>(inner: Inner) =>
  z.looseObject({
    id: base64url.min(1),
    rawId: base64url.min(1),
    type: z.literal('public-key'),
    response: z.looseObject(inner),
    clientExtensionResults: z.looseObject({}),
  });

export const PasskeyRegisterBody = z.strictObject({
  response: credential({ clientDataJSON: base64url, attestationObject: base64url }),
  name: z.string().trim().min(1).max(64, 'must be at most 64 characters').optional(),
});

export const PasskeyLoginBody = z.strictObject({
  response: credential({ clientDataJSON: base64url, authenticatorData: base64url, signature: base64url, userHandle: base64url.optional() }),
});

export const Passkey = z
  .object({ id: z.string(), name: z.string(), created_at: z.iso.datetime(), last_used_at: z.iso.datetime().nullable() })
  .meta({ id: 'Passkey' });

export const PasskeyList = z.object({ items: z.array(Passkey) }).meta({ id: 'PasskeyList' });

export const PasskeyCreationOptions = z
  .looseObject({ challenge: z.string(), rp: z.looseObject({ id: z.string() }), user: z.looseObject({ id: z.string() }) })
  .meta({ id: 'PublicKeyCredentialCreationOptionsJSON' });

export const PasskeyRequestOptions = z
  .looseObject({ challenge: z.string(), rpId: z.string(), userVerification: z.literal('required') })
  .meta({ id: 'PublicKeyCredentialRequestOptionsJSON' });
