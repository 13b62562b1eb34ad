import { z } from 'zod';

// Loose: RFC 9457 lets a problem carry extension members (readiness adds `checks`).
export const Problem = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int().min(100).max(599),
    detail: z.string(),
    code: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({
    id: 'Problem',
    examples: [
      { type: 'about:blank', title: 'Unauthorized', status: 401, detail: 'The access token is missing or invalid.', code: 'UNAUTHORIZED' },
    ],
  });

export const Health = z.object({ status: z.literal('ok') }).meta({ id: 'Health', examples: [{ status: 'ok' }] });

export const Readiness = z
  .object({ status: z.literal('ok'), checks: z.object({ mongo: z.literal('up'), redis: z.enum(['up', 'down']).optional() }) })
  .meta({ id: 'Readiness', examples: [{ status: 'ok', checks: { mongo: 'up' } }] });
