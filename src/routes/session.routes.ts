import { AppError } from '../errors/app-error.js';
import { SessionList } from '../schemas/auth.schemas.js';
import { listSessions } from '../services/session-list.service.js';
import { endSession } from '../services/session.service.js';
import { principal } from './route-helpers.js';
import { defineRoute, type RouteSpec } from './route-spec.js';

/** The signed-in user's sessions: see them, end one. */
export function sessionRoutes(): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/auth/sessions',
      summary: 'The live sessions of the signed-in user, newest first',
      auth: true,
      success: {
        status: 200,
        description: 'One entry per sign-in that can still refresh; `current` is the one asking',
        schema: SessionList,
      },
      errors: ['UNAUTHORIZED', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => {
        const { user, sessionId } = principal(req);
        res.set('Cache-Control', 'no-store').json({ items: await listSessions(user._id, sessionId) });
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/auth/sessions/:id',
      summary: 'End one session: its refresh token and its access tokens stop working at once',
      auth: true,
      success: { status: 204, description: 'Ended' },
      errors: ['UNAUTHORIZED', 'NOT_FOUND', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => {
        // Another user's session answers like a made-up id: 404, never 403.
        if (!(await endSession(principal(req).user._id, req.params.id ?? ''))) {
          throw new AppError('NOT_FOUND', 'You have no live session with this id.');
        }
        res.status(204).end();
      },
    }),
  ];
}
