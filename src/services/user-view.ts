import type { z } from 'zod';
import type { UserRecord } from '../models/user.model.js';
import type { User as UserSchema } from '../schemas/auth.schemas.js';
import { PROVIDER_NAMES, PROVIDERS, type ProviderField } from '../sign-in/providers.js';

/** The public User object of the API contract: the type of the schema the OpenAPI document shows. */
export type User = z.output<typeof UserSchema>;

/** Maps a stored user to the contract's User. */
export function toUser(
  user: Pick<UserRecord, '_id' | 'email' | 'name' | 'emailVerified' | ProviderField | 'hasPassword' | 'createdAt' | 'role' | 'mfaEnabled'> &
    Partial<Pick<UserRecord, 'passkeyCount'>>,
): User {
  const providers: User['providers'] = [];
  if (user.hasPassword) providers.push('password');
  providers.push(...PROVIDER_NAMES.filter((name) => user[PROVIDERS[name].field]));
  if (user.passkeyCount) providers.push('passkey');
  return {
    id: user._id.toHexString(),
    email: user.email,
    name: user.name ?? null,
    email_verified: user.emailVerified,
    providers,
    role: user.role,
    mfa_enabled: user.mfaEnabled,
    created_at: user.createdAt.toISOString(),
  };
}
