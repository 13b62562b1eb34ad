import type { UserRecord } from '../models/user.model.js';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Express's typings are augmented through their global namespace.
  namespace Express {
    /** The principal requireAuth puts on `req.user`: the user, the `jti` of the access token presented and its session (`sid`) and `auth_time`. */
    interface User {
      readonly user: UserRecord;
      readonly tokenId: string;
      readonly sessionId: string;
      /** The access token's `auth_time` (seconds): when the person last proved who they are in this session (a refresh keeps it). */
      readonly authTime: number;
    }
  }
}

/** Who an authenticated request comes from (routes read it with `principal(req)`). */
export type Principal = Express.User;
