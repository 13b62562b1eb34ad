import { verifyPassword } from '../auth/passwords.js';
import type { Principal } from '../auth/principal.js';
import type { Config } from '../config/config.js';
import { AppError } from '../errors/app-error.js';
import { UserModel } from '../models/user.model.js';
import { renewSession, type ClientInfo, type TokenResponse } from './session.service.js';
import { verifySecondFactor, type MfaSettings } from './totp.service.js';

type ReauthenticationSettings = MfaSettings & Pick<Config, 'jwt' | 'refreshTtlSeconds' | 'bcryptRounds'>;

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
  settings: ReauthenticationSettings,
): Promise<TokenResponse> {
  const stored = await UserModel.findById(caller.user._id).select('+passwordHash').lean();
  if (!stored?.passwordHash && !stored?.mfaEnabled) {
    throw new AppError(
      'INVALID_CREDENTIALS',
      'This account has no password or second factor: re-authenticate with a passkey (POST /auth/passkeys/reauthenticate/options) or sign in with Google again (GET /auth/google?prompt=login).',
    );
  }
  if (stored.passwordHash && !(await verifyPassword(input.password ?? '', stored.passwordHash, settings.bcryptRounds))) {
    throw new AppError('INVALID_CREDENTIALS', 'The password is missing or incorrect.');
  }
  if (stored.mfaEnabled) {
    if (input.code === undefined) throw new AppError('INVALID_MFA_CODE', 'Two-step sign-in is on: send a TOTP or recovery code as well.');
    await verifySecondFactor(caller.user._id, input.code, settings);
  }
  return renewSession(caller, client, settings);
}
