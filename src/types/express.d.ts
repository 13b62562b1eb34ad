import type { UserDocument } from '../models/user.model.js';

declare global {
  namespace Express {
    /** What requireAuth puts on `req.user`: the account and the `jti` of the access token presented. */
    interface User {
      account: UserDocument;
      tokenId: string;
      /** The access token's `iat` (seconds): how recently the person proved who they are. */
      issuedAt: number;
    }
  }
}
