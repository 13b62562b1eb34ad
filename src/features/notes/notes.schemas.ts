import { z } from 'zod';
import { PAGE_CURSOR } from '../../lib/page-cursor.js';

const EXAMPLE_NOTE = {
  id: '665f1c2e8b3a4d0012a4b7d1',
  title: 'Shopping',
  body: 'Milk, eggs, a new notebook.',
  created_at: '2026-01-15T09:30:00.000Z',
  updated_at: '2026-01-16T08:00:00.000Z',
};

const title = z.string().trim().min(1, 'must be 1 to 200 characters').max(200, 'must be 1 to 200 characters');
const body = z.string().max(10_000, 'must be at most 10000 characters');

export const Note = z
  .object({ id: z.string(), title: z.string(), body: z.string(), created_at: z.iso.datetime(), updated_at: z.iso.datetime() })
  .meta({ id: 'Note', examples: [EXAMPLE_NOTE] });

export const NotePage = z
  .object({ items: z.array(Note), next_cursor: z.string().nullable() })
  .meta({ id: 'NotePage', examples: [{ items: [EXAMPLE_NOTE], next_cursor: 'Zl8cLos6TQASpLfJtdG5KmF3MLxS6Y0KOm8T0w' }] });

// Strict and all strings, as the admin listing: a repeated parameter or a bracketed key never reaches the database.
export const ListNotesQuery = z.strictObject({
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'must be a whole number from 1 to 100')
    .transform(Number)
    .pipe(z.number().min(1, 'must be a whole number from 1 to 100').max(100, 'must be a whole number from 1 to 100'))
    .default(20)
    .describe('Notes per page, 1 to 100 (default 20)'),
  cursor: z
    .string()
    .regex(PAGE_CURSOR, 'must be a next_cursor of an earlier page')
    .optional()
    .describe('The `next_cursor` of the previous page'),
  all: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional()
    .describe("true lists every user's notes: needs the notes:read-all permission (else 403 FORBIDDEN)"),
});

export const CreateNoteBody = z
  .strictObject({ title, body: body.optional().describe('Empty when absent') })
  .meta({ examples: [{ title: 'Shopping', body: 'Milk, eggs, a new notebook.' }] });

export const UpdateNoteBody = z
  .strictObject({ title: title.optional(), body: body.optional() })
  .refine((patch) => Object.keys(patch).length > 0, 'must change at least one of title, body')
  .meta({ examples: [{ title: 'Shopping (done)' }] });
