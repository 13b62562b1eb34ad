import type { UserDocument } from '../models/user.model.js';

declare global {
  namespace Express {
    /** What requireAuth puts on `req.user`: the account and the `jti` of the access token presented. */
    interface User {
      account: UserDocument & { hasPassword: boolean };
      tokenId: string;
    }
  }
}
