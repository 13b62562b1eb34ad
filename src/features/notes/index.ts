import type { Feature } from '../../feature.js';
import { notesRoutes } from './notes.routes.js';
import { deleteNotesOf } from './notes.service.js';

/**
 * Notes, the example resource: a user's own notes at /notes. It is here to be copied (docs/extending.md,
 * "Add a resource") and removed (`npm run feature:remove -- notes`).
 */
export const notes: Feature = {
  name: 'notes',
  describe: () => 'notes on (the example resource: /notes)',
  routes: ({ config }) => notesRoutes(config),
  deleteUserData: deleteNotesOf,
};
