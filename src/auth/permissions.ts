/**
 * Who may do what: the one table of roles and their permissions. Routes name the permission they
 * need (`permission` in the route table); the router refuses everyone else with 403 FORBIDDEN.
 */
import type { Role } from '../models/roles.js';

export { ROLES, type Role } from '../models/roles.js';

export type Permission = 'users:read' | 'users:write' | 'notes:read-all';

const GRANTS: Readonly<Record<Role, readonly Permission[]>> = {
  user: [],
  admin: ['users:read', 'users:write', 'notes:read-all'],
};

/** Whether `role` holds `permission`; an account stored before roles existed has none and counts as `user`. */
export function hasPermission(role: Role | undefined, permission: Permission): boolean {
  return GRANTS[role ?? 'user'].includes(permission);
}
