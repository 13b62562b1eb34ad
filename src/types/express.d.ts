import type { UserDocument } from '../models/user.model.js';

declare global {
  namespace Express {
    /** What requireAuth puts on `req.user`: the account, the `jti` of the access token presented and its session (`sid`). */
    interface User {
      account: UserDocument;
      tokenId: string;
      sessionId: string;
    }
  }
}
