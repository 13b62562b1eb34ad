import { z } from 'zod';

/** RFC 7662 §2.1: the token to ask about (`token_type_hint` may be sent, and is not needed: we issue one kind). */
export const IntrospectionRequest = z
  .strictObject({
    token: z.string().min(1).max(8192),
    token_type_hint: z.string().max(64).optional(),
  })
  .meta({ id: 'IntrospectionRequest', examples: [{ token: 'eyJhbGciOiJFUzI1NiIsInR5cCI6ImF0K2p3dCIsImtpZCI6IjIwMjYtMTItYSJ9.e30.c2ln' }] });

const now = 1_764_806_400;

/** RFC 7662 §2.2: exactly these members while the token is active, else `{ "active": false }` alone. */
export const IntrospectionResponse = z
  .union([
    z.strictObject({
      active: z.literal(true),
      sub: z.string(),
      sid: z.string(),
      client_id: z.string().optional(),
      iss: z.string(),
      aud: z.union([z.string(), z.array(z.string())]),
      exp: z.number().int(),
      iat: z.number().int(),
      auth_time: z.number().int(),
      jti: z.string(),
      token_type: z.literal('Bearer'),
    }),
    z.strictObject({ active: z.literal(false) }),
  ])
  .meta({
    id: 'IntrospectionResponse',
    examples: [
      {
        active: true,
        sub: '6650f0c2a1b2c3d4e5f60718',
        sid: 'b0f8a4f2-3c1e-4d7a-9f00-2a6c1d9e8b71',
        client_id: 'express-auth-starter',
        iss: 'express-auth-starter',
        aud: 'express-auth-starter',
        exp: now + 900,
        iat: now,
        auth_time: now,
        jti: '1f0e3a52-7c4b-4d1e-8a2f-5b6c7d8e9f01',
        token_type: 'Bearer',
      },
    ],
  });

/** RFC 6749 §5.2, which RFC 7662 §2.3 points to for a resource server that failed to authenticate. */
export const InvalidClient = z
  .strictObject({ error: z.literal('invalid_client') })
  .meta({ id: 'InvalidClient', examples: [{ error: 'invalid_client' }] });
