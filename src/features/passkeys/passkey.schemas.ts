import { z } from 'zod';
import { delivery } from '../../schemas/auth.schemas.js';

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

// Examples that fit together: one credential, registered for Ada, then used to sign in on localhost.
const EXAMPLE_CREDENTIAL_ID = 'mJ3wD2kHq8tZ4bQeXn1aUw';
const EXAMPLE_CREDENTIAL = {
  id: EXAMPLE_CREDENTIAL_ID,
  rawId: EXAMPLE_CREDENTIAL_ID,
  type: 'public-key',
  clientExtensionResults: {},
} as const;
// clientDataJSON as the browser sends it (base64url JSON: type, challenge, origin).
const EXAMPLE_CREATE_CLIENT_DATA =
  'eyJ0eXBlIjoid2ViYXV0aG4uY3JlYXRlIiwiY2hhbGxlbmdlIjoiVUlOVWFoanhGYXY0YU56S2E1dGtvelEzTlNfWEJHbl9EakhkZnlocXkxUSIsIm9yaWdpbiI6Imh0dHA6Ly9sb2NhbGhvc3Q6MzAwMCJ9';
const EXAMPLE_GET_CLIENT_DATA =
  'eyJ0eXBlIjoid2ViYXV0aG4uZ2V0IiwiY2hhbGxlbmdlIjoiUVBhZWpBTDZqLW96dFhEY3JqZFEwNV9wdVVXUHlNRnh1MmxzbXFiMndJWSIsIm9yaWdpbiI6Imh0dHA6Ly9sb2NhbGhvc3Q6MzAwMCJ9';
const EXAMPLE_PASSKEY = { id: '665f1c2e9b1d8a0012345679', name: 'Laptop', created_at: '2026-11-25T09:30:00.000Z', last_used_at: null };

export const PasskeyRegisterBody = z
  .strictObject({
    response: credential({
      clientDataJSON: base64url,
      attestationObject: base64url,
      // Stored with the passkey and handed back to browsers: names only (WebAuthn's list grows, so no fixed enum).
      transports: z
        .array(z.string().regex(/^[a-z-]{1,32}$/, 'must be a transport name such as "internal" or "usb"'))
        .max(8)
        .optional(),
    }),
    name: z.string().trim().min(1).max(64, 'must be at most 64 characters').optional(),
  })
  .meta({
    examples: [
      {
        response: {
          ...EXAMPLE_CREDENTIAL,
          response: { clientDataJSON: EXAMPLE_CREATE_CLIENT_DATA, attestationObject: 'o2NmbXRkbm9uZWdhdHRTdG10oGhhdXRoRGF0YVi' },
        },
        name: 'Laptop',
      },
    ],
  });

export const PasskeyLoginBody = z
  .strictObject({
    response: credential({
      clientDataJSON: base64url,
      authenticatorData: base64url,
      signature: base64url,
      userHandle: base64url.optional(),
    }),
    delivery,
  })
  .meta({
    examples: [
      {
        response: {
          ...EXAMPLE_CREDENTIAL,
          response: {
            clientDataJSON: EXAMPLE_GET_CLIENT_DATA,
            authenticatorData: 'SZYN5YgOjGh0NBcPZHZgW4_krrmihjLHmVzzuoMdl2MFAAAAAQ',
            signature: 'MEUCIQDxk0k7mZV2yRZ3pN8e1XyY9Jh0cT6WZs0bU2aE3vY2gIgL4o8nK0b3o5mQn7W1aZxYc9dE2fGh4jK6lM8nP0qR2s',
            userHandle: 'NjY1ZjFjMmU5YjFkOGEwMDEyMzQ1Njc4',
          },
        },
        delivery: 'cookie',
      },
    ],
  });

export const Passkey = z
  .object({ id: z.string(), name: z.string(), created_at: z.iso.datetime(), last_used_at: z.iso.datetime().nullable() })
  .meta({ id: 'Passkey', examples: [EXAMPLE_PASSKEY] });

export const PasskeyList = z
  .object({ items: z.array(Passkey) })
  .meta({ id: 'PasskeyList', examples: [{ items: [{ ...EXAMPLE_PASSKEY, last_used_at: '2026-11-25T10:02:11.000Z' }] }] });

export const PasskeyCreationOptions = z
  .looseObject({ challenge: z.string(), rp: z.looseObject({ id: z.string() }), user: z.looseObject({ id: z.string() }) })
  .meta({
    id: 'PublicKeyCredentialCreationOptionsJSON',
    examples: [
      {
        challenge: 'UINUahjxFav4aNzKa5tkozQ3NS_XBGn_DjHdfyhqy1Q',
        rp: { name: 'express-auth-starter', id: 'localhost' },
        user: { id: 'NjY1ZjFjMmU5YjFkOGEwMDEyMzQ1Njc4', name: 'ada@example.com', displayName: '' },
        pubKeyCredParams: [
          { alg: -8, type: 'public-key' },
          { alg: -7, type: 'public-key' },
          { alg: -257, type: 'public-key' },
        ],
        timeout: 60000,
        attestation: 'none',
        excludeCredentials: [],
        authenticatorSelection: { residentKey: 'preferred', userVerification: 'required', requireResidentKey: false },
        extensions: { credProps: true },
        hints: [],
      },
    ],
  });

export const PasskeyRequestOptions = z
  .looseObject({ challenge: z.string(), rpId: z.string(), userVerification: z.literal('required') })
  .meta({
    id: 'PublicKeyCredentialRequestOptionsJSON',
    examples: [
      { rpId: 'localhost', challenge: 'QPaejAL6j-oztXDcrjdQ05_puUWPyMFxu2lsmqb2wIY', timeout: 60000, userVerification: 'required' },
    ],
  });
