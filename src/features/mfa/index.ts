import { voidUnspent } from '../../auth/single-use-token.js';
import type { Config } from '../../config/config.js';
import type { Feature } from '../../feature.js';
import { MfaChallengeModel } from './mfa-challenge.model.js';
import { challengeWithMfaToken } from './mfa-login.service.js';
import { mfaRoutes } from './mfa.routes.js';
import { removeTotp, verifySecondFactor } from './totp.service.js';

const describe = (config: Config) =>
  config.mfa.encryptionKey ? 'mfa on (TOTP and recovery codes)' : 'mfa on, but MFA_ENCRYPTION_KEY is unset: its routes answer 503';

/** Two-step sign-in: TOTP (RFC 6238) with ten single-use recovery codes. */
export const mfa: Feature = {
  name: 'mfa',
  describe,
  routes: ({ config, limiters, outbox }) => mfaRoutes(config, limiters, outbox),
  voidPending: (user) => voidUnspent(MfaChallengeModel, user),
  deleteUserData: async (user) => Promise.all([MfaChallengeModel.deleteMany({ user }), removeTotp(user)]),
  removeWaysIn: removeTotp,
  secondFactor: {
    isOn: (user) => user.mfaEnabled,
    challenge: challengeWithMfaToken,
    verify: verifySecondFactor,
    turnOff: removeTotp,
  },
};
