import { verifyPassword } from '../auth/passwords.js';
import type { Principal } from '../auth/principal.js';
import type { Config } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import { UserModel } from '../models/user.model.js';
import { renewSession, type ClientInfo, type TokenResponse } from './session.service.js';
import { secondFactorOf } from './second-factor.service.js';

/**
 * Lets the signed-in person prove who they are again: the password of an account that has one, and a
 * TOTP or recovery code when MFA is on (the password first: a wrong one spends no recovery code). Gives
 * the same session a fresh `auth_time` (renewSession). Throws INVALID_CREDENTIALS (a wrong or missing
 * password; an account with neither, which re-authenticates with a passkey or its provider), INVALID_MFA_CODE.
 */
export async function reauthenticate(
  caller: Principal,
  input: { password?: string | undefined; code?: string | undefined },
  client: ClientInfo,
  config: Config,
): Promise<TokenResponse> {
  const stored = await UserModel.findById(caller.user._id).select('+passwordHash').lean();
  const factor = stored && secondFactorOf(stored);
  if (!stored?.passwordHash && !factor) {
    throw new AppError(
      'INVALID_CREDENTIALS',
      'This account has no password or second factor: re-authenticate with a passkey (POST /auth/passkeys/reauthenticate/options) or sign in with your provider again (GET /auth/<provider>?prompt=login: google, oidc or github).',
    );
  }
  if (stored.passwordHash && !(await verifyPassword(input.password ?? '', stored.passwordHash, config.bcryptRounds))) {
    throw new AppError('INVALID_CREDENTIALS', 'The password is missing or incorrect.');
  }
  if (factor) {
    if (input.code === undefined) throw new AppError('INVALID_MFA_CODE', 'Two-step sign-in is on: send a TOTP or recovery code as well.');
    await factor.verify(caller.user._id, input.code, config);
  }
  return renewSession(caller, client, config);
}
