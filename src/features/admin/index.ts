import type { Feature } from '../../feature.js';
import { adminRoutes } from './admin.routes.js';

/** The admin API: list, read, change and delete accounts (permission `users:read` / `users:write`). */
export const admin: Feature = {
  name: 'admin',
  describe: () => 'admin on (/admin/users, the first admin made with npm run user:role)',
  routes: ({ config, outbox }) => adminRoutes(config, outbox),
};
