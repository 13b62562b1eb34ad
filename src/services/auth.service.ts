import { hashPassword, verifyPassword } from '../auth/passwords.js';
import type { Config } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import { isDuplicateKey } from '../db/duplicate-key.js';
import { UserModel, toUserRecord, type UserDocument } from '../models/user.model.js';
import type { Principal } from '../auth/principal.js';
import { authEvents } from '../lib/auth-events.js';
import { createSession, revokeEverything, type ClientInfo, type SignedIn } from './session.service.js';
import { requireSecondFactor } from './second-factor.service.js';

export type AuthSettings = Pick<Config, 'jwt' | 'refreshTtlSeconds' | 'bcryptRounds'>;

function invalidCredentials(): AppError {
  return new AppError('INVALID_CREDENTIALS', 'The email or password is incorrect.');
}

/** Creates a password account and its first session. Throws EMAIL_TAKEN. */
export async function register(
  input: { email: string; password: string; name?: string | undefined },
  client: ClientInfo,
  config: AuthSettings,
): Promise<SignedIn> {
  const passwordHash = await hashPassword(input.password, config.bcryptRounds);
  try {
    const user = await UserModel.create({ email: input.email, name: input.name ?? null, passwordHash, hasPassword: true });
    return await createSession(toUserRecord(user.toObject<UserDocument>()), client, config);
  } catch (error) {
    // The unique index decides, so concurrent registrations of one email yield exactly one account.
    if (isDuplicateKey(error)) throw new AppError('EMAIL_TAKEN', 'An account with this email already exists.', { cause: error });
    throw error;
  }
}

/**
 * Checks a password and starts a session. Throws INVALID_CREDENTIALS, the same for every failure, then
 * ACCOUNT_DISABLED, then MFA_REQUIRED (with an mfa_token) when the account has a second factor.
 */
export async function login(input: { email: string; password: string }, client: ClientInfo, config: AuthSettings): Promise<SignedIn> {
  const user = await UserModel.findOne({ email: input.email }).select('+passwordHash').lean<UserDocument>();
  if (!(await verifyPassword(input.password, user?.passwordHash, config.bcryptRounds)) || !user) {
    authEvents.report('login_failed');
    throw invalidCredentials();
  }
  await requireSecondFactor(user);
  return createSession(toUserRecord(user), client, config);
}

/**
 * Replaces the password after checking the current one, then revokes every other session and every
 * access token issued so far (the caller keeps its refresh token). Throws INVALID_CREDENTIALS.
 */
export async function changePassword(
  { user, sessionId }: Principal,
  input: { current_password: string; new_password: string },
  config: AuthSettings,
): Promise<void> {
  const stored = await UserModel.findById(user._id).select('+passwordHash').lean<UserDocument>();
  if (!(await verifyPassword(input.current_password, stored?.passwordHash, config.bcryptRounds))) throw invalidCredentials();
  const passwordHash = await hashPassword(input.new_password, config.bcryptRounds);
  await revokeEverything(user._id, { keep: sessionId, set: { passwordHash, hasPassword: true } });
}
