import type { UserRecord } from '../models/user.model.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's typings are augmented through their global namespace.
  namespace Express {
    /** The principal requireAuth puts on `req.user`: the user and the `jti` of the access token presented. */
    interface User {
      readonly user: UserRecord;
      readonly tokenId: string;
    }
  }
}

/** Who an authenticated request comes from (routes read it with `principal(req)`). */
export type Principal = Express.User;
