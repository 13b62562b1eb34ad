import { z } from 'zod';

// Loose: RFC 9457 lets a problem carry extension members (readiness adds `checks`).
export const Problem = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });

export const Health = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

export const Readiness = z
  .object({ status: z.literal('ok'), checks: z.object({ mongo: z.literal('up'), redis: z.enum(['up', 'down']).optional() }) })
  .meta({ id: 'Readiness' });
