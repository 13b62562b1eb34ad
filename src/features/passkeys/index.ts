import type { Config } from '../../config/config.js';
import type { Feature } from '../../feature.js';
import { passkeyRoutes } from './passkey.routes.js';
import { removePasskeys } from './passkey.service.js';
import { removeChallenges } from './webauthn-challenge.service.js';

const describe = ({ webauthn }: Config) => `passkeys on (relying party ${webauthn.rpId}, origin ${webauthn.origin})`;

const removeAll = async (user: Parameters<typeof removePasskeys>[0]) => Promise.all([removePasskeys(user), removeChallenges(user)]);

/** Passkeys (WebAuthn): sign-in without a password, and re-authentication. */
export const passkeys: Feature = {
  name: 'passkeys',
  describe,
  routes: ({ config, limiters, outbox }) => passkeyRoutes(config, limiters, outbox),
  deleteUserData: removeAll,
  removeWaysIn: removeAll,
};
