import { z } from 'zod';
import { ROLES } from '../../auth/permissions.js';
import { PAGE_CURSOR } from '../../lib/page-cursor.js';
import { displayName, User } from '../../schemas/auth.schemas.js';

const EXAMPLE_ADMIN_USER = {
  id: '665f1c2e8b3a4d0012a4b7c9',
  email: 'ada@example.com',
  name: 'Ada Lovelace',
  email_verified: true,
  providers: ['password'],
  role: 'user',
  mfa_enabled: false,
  created_at: '2026-01-15T09:30:00.000Z',
  disabled: false,
  last_login_at: '2026-01-16T08:00:00.000Z',
};

export const AdminUser = User.extend({
  disabled: z.boolean(),
  last_login_at: z.iso.datetime().nullable(),
}).meta({ id: 'AdminUser', examples: [EXAMPLE_ADMIN_USER] });

export const AdminUserPage = z
  .object({ items: z.array(AdminUser), next_cursor: z.string().nullable() })
  .meta({ id: 'AdminUserPage', examples: [{ items: [EXAMPLE_ADMIN_USER], next_cursor: 'Zl8cLos6TQASpLfJtdG5KmF3MLxS6Y0KOm8T0w' }] });

// Strict and all strings: a repeated parameter (an array) or a bracketed key never reaches the database.
export const ListUsersQuery = z.strictObject({
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'must be a whole number from 1 to 100')
    .transform(Number)
    .pipe(z.number().min(1, 'must be a whole number from 1 to 100').max(100, 'must be a whole number from 1 to 100'))
    .default(20)
    .describe('Users per page, 1 to 100 (default 20)'),
  cursor: z
    .string()
    .regex(PAGE_CURSOR, 'must be a next_cursor of an earlier page')
    .optional()
    .describe('The `next_cursor` of the previous page'),
  // Matched as a literal prefix of the stored (lower-cased) email: no pattern syntax reaches the database.
  email: z
    .string()
    .toLowerCase()
    .min(1)
    .max(254)
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), 'must not hold control characters')
    .optional()
    .describe('Only users whose email starts with this, case-insensitive, matched literally'),
  role: z.enum(ROLES).optional(),
  disabled: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
});

export const UpdateUserBody = z
  .strictObject({
    name: displayName.nullable().optional(),
    role: z.enum(ROLES).optional(),
    disabled: z.boolean().optional(),
    mfa_enabled: z
      .literal(false)
      .optional()
      .describe("false turns the user's two-step sign-in off (a lost authenticator and recovery codes); only the user can turn it on"),
  })
  .refine((body) => Object.keys(body).length > 0, 'must change at least one of name, role, disabled, mfa_enabled')
  .meta({ examples: [{ disabled: true }] });
