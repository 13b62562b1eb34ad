import type { RequestHandler } from 'express';
import { hasPermission, type Permission } from '../auth/permissions.js';
import { AppError } from '../errors/app-error.js';

/**
 * Lets through only a caller whose role holds `permission`; mount after requireAuth. The role is the
 * one requireAuth just read from the database, so a demotion takes effect on the next request.
 * Throws FORBIDDEN, before any validation or lookup of the target.
 */
export function requirePermission(permission: Permission): RequestHandler {
  return (req, _res, next) => {
    if (!hasPermission(req.user?.user.role, permission)) {
      throw new AppError('FORBIDDEN', `This needs the ${permission} permission, which your role does not have.`);
    }
    next();
  };
}
