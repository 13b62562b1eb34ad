import type { RequestHandler } from 'express';
import type { Passport } from 'passport';
import { AppError } from '../errors/app-error.js';

/** The RFC 6750 challenge every 401 of a Bearer route starts with. */
export const REALM = 'Bearer realm="express-auth-starter"';

/**
 * Lets a request through only with a valid access token; otherwise 401 UNAUTHORIZED with the
 * RFC 6750 §3 challenge (`error="invalid_token"` only when a Bearer token was actually sent). What
 * it lets through is answered with `Cache-Control: no-store`.
 */
export function requireAuth(passport: InstanceType<typeof Passport>): RequestHandler {
  return (req, res, next) => {
    // passport's typings return `any` from authenticate(); it is a plain middleware.
    (
      passport.authenticate('jwt', { session: false }, (error: unknown, user: Express.User | false) => {
        if (error) return next(error);
        if (user) {
          req.user = user;
          // Whatever answers a signed-in user is theirs: no shared or browser cache may keep it.
          res.set('Cache-Control', 'no-store');
          return next();
        }
        const sentToken = /^bearer\s/i.test(req.headers.authorization ?? '');
        const challenge = sentToken ? `${REALM}, error="invalid_token"` : REALM;
        next(
          new AppError('UNAUTHORIZED', sentToken ? 'The access token is invalid or expired.' : 'An access token is required.', {
            headers: { 'WWW-Authenticate': challenge },
          }),
        );
      }) as RequestHandler
    )(req, res, next);
  };
}
