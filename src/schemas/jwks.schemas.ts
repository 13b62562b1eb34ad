import { z } from 'zod';

const EXAMPLE_KEY = {
  kty: 'EC',
  crv: 'P-256',
  x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
  y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
  kid: '2026-12-a',
  alg: 'ES256',
  use: 'sig',
} as const;

/** One public signing key: only the members a verifier needs, never the private `d`. */
export const PublicSigningKey = z
  .strictObject({
    kty: z.literal('EC'),
    crv: z.literal('P-256'),
    x: z.string(),
    y: z.string(),
    kid: z.string(),
    alg: z.literal('ES256'),
    use: z.literal('sig'),
  })
  .meta({ id: 'PublicSigningKey', examples: [EXAMPLE_KEY] });

export const Jwks = z.object({ keys: z.array(PublicSigningKey) }).meta({ id: 'Jwks', examples: [{ keys: [EXAMPLE_KEY] }] });
