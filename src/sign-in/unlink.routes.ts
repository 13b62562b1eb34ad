import { principal } from '../routes/route-helpers.js';
import { defineRoute, type RouteSpec } from '../routes/route-spec.js';
import { unlinkProvider } from './unlink.service.js';

/** The signed-in user unlinks a sign-in provider from their account. */
export function unlinkRoutes(): RouteSpec[] {
  return [
    defineRoute({
      method: 'delete',
      path: '/auth/providers/:provider',
      summary: 'Unlink a sign-in provider (google, oidc or github) from the account, while another way in remains',
      auth: true,
      recentAuth: true,
      success: { status: 204, description: 'Unlinked: that provider no longer signs into this account' },
      errors: ['UNAUTHORIZED', 'NOT_FOUND', 'LAST_SIGN_IN_METHOD', 'SERVICE_UNAVAILABLE'],
      handler: async (req, res) => {
        await unlinkProvider(principal(req).user._id, req.params.provider ?? '');
        res.status(204).end();
      },
    }),
  ];
}
