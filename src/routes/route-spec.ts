import type { Request, RequestHandler, Response, Router } from 'express';
import type { Query as ParsedQuery } from 'express-serve-static-core';
import type { z } from 'zod';
import type { Permission } from '../auth/permissions.js';
import { AppError } from '../errors/app-error.js';
import type { ErrorAt, ErrorCode } from '../errors/error-codes.js';
import { requirePermission } from '../middleware/require-permission.js';
import { requireRecentAuth, type RecentAuth } from '../middleware/require-recent-auth.js';
import { validateBody, validateQuery } from '../middleware/validate.js';

export type Method = 'get' | 'post' | 'patch' | 'delete';

/**
 * One row of a route table: everything Express needs to serve it and OpenAPI needs to document it.
 */
/** A route's `req.query`: parsed by its schema when it has one, else as Express parses it. */
type QueryOf<Query extends z.ZodType> = z.ZodType extends Query ? ParsedQuery : z.output<Query>;

/** A route's request once its schemas have parsed it. */
type ParsedRequest<Body extends z.ZodType, Query extends z.ZodType> = Request<
  Record<string, string>,
  unknown,
  z.output<Body>,
  QueryOf<Query>
>;

/** A route as defineRoute takes it: `req.body` and `req.query` typed by its schemas. */
export interface TypedRouteSpec<Body extends z.ZodType, Query extends z.ZodType> extends Omit<
  RouteSpec,
  'body' | 'query' | 'recentAuth' | 'handler'
> {
  readonly body?: Body;
  readonly query?: Query;
  /** See RouteSpec.recentAuth; the predicate gets the parsed body. */
  readonly recentAuth?: true | ((body: z.output<Body>) => boolean);
  readonly handler: (req: ParsedRequest<Body, Query>, res: Response) => unknown;
}

/** An error answer with the JSON shape its protocol defines (application/json, not problem+json). */
export interface ProtocolError {
  readonly status: number;
  readonly description: string;
  readonly schema: z.ZodType;
}

export interface RouteSpec {
  readonly method: Method;
  readonly path: string;
  readonly summary: string;
  /** Requires a valid access token (the Bearer scheme). */
  readonly auth?: boolean;
  /** Requires a valid access token whose user's role holds this permission (403 FORBIDDEN before any lookup). */
  readonly permission?: Permission;
  /** Runs before validation: per-IP limits, which must count malformed requests too. */
  readonly before?: readonly RequestHandler[];
  readonly body?: z.ZodType;
  /** The body's media type when it is not JSON (RFC 7662 introspection is form-encoded); the body parser follows it. */
  readonly bodyMediaType?: 'application/x-www-form-urlencoded';
  /** Documents HTTP Basic (a service's client id and secret, checked by the route's own `before`) instead of a Bearer token. */
  readonly security?: 'basic';
  /** The query string's schema (strict: unknown parameters are refused too). */
  readonly query?: z.ZodType;
  /**
   * Requires an `auth_time` within REAUTH_MAX_AGE (needs `auth`): `true`, or a predicate on the parsed request
   * for a route where only some changes need it. Checked before `after`, so a stale token never counts as a failed password.
   */
  readonly recentAuth?: RecentAuth;
  /** Runs after validation, on the parsed body: per-account limits. */
  readonly after?: readonly RequestHandler[];
  /**
   * The success status and its body schema (none for 204 and redirects); `mediaType` defaults to application/json.
   * Every schema a route names (body and success) carries `.meta({ examples: [...] })`: the OpenAPI document
   * shows the first, and a test fails for a route without one.
   */
  readonly success: { readonly status: number; readonly description: string; readonly schema?: z.ZodType; readonly mediaType?: string };
  /** When the route may answer a 302 instead (with the configuration that makes it), what it redirects to. */
  readonly redirect?: string;
  readonly errors: readonly (ErrorCode | ErrorAt)[];
  /** Answers outside the problem model that a protocol prescribes, such as RFC 6749 §5.2's `{"error": "invalid_client"}`. */
  readonly protocolErrors?: readonly ProtocolError[];
  readonly handler: (req: Request, res: Response) => unknown;
}

/** Keeps the handler's `req.body` and `req.query` typed by the route's schemas. */
export function defineRoute<Body extends z.ZodType, Query extends z.ZodType = z.ZodType>(spec: TypedRouteSpec<Body, Query>): RouteSpec {
  // A table holds routes of many schemas: the typed handler and predicate are wrapped once, here.
  // mountRoutes runs both only after validateBody and validateQuery replaced the body and the query
  // with what this route's own schemas parsed: that is the one narrow cast, and why it holds.
  const parsed = (req: Request) => req as ParsedRequest<Body, Query>;
  const { recentAuth, handler, ...rest } = spec;
  return {
    ...rest,
    ...(recentAuth && { recentAuth: recentAuth === true || ((req: Request) => recentAuth(parsed(req).body)) }),
    handler: (req, res) => handler(parsed(req), res),
  };
}

/** Whether a route needs an access token: it says so, or it needs a permission. */
export function needsAuth(route: RouteSpec): boolean {
  return route.auth === true || route.permission !== undefined;
}

/** The HTTP methods that serve these routes, HEAD with GET (Express answers it): the `Allow` of a path, CORS's list of the API. */
export function methodsOf(routes: readonly RouteSpec[]): string[] {
  const methods = new Set(routes.map((route) => route.method.toUpperCase()));
  if (methods.has('GET')) methods.add('HEAD');
  return [...methods];
}

/** What mountRoutes puts in front of the routes that ask for it. */
export interface RouteGuards {
  readonly requireAuth: RequestHandler;
  readonly reauthMaxAgeSeconds: number;
  /** The body parsers: JSON for every route, unless its `bodyMediaType` says form. */
  readonly jsonBody: RequestHandler;
  readonly formBody: RequestHandler;
}

/** Mounts a route table; every other method on a known path answers 405 with `Allow`. */
export function mountRoutes(router: Router, routes: readonly RouteSpec[], guards: RouteGuards): void {
  const { requireAuth, reauthMaxAgeSeconds } = guards;
  for (const route of routes) {
    router[route.method](
      route.path,
      // First, as a global parser would: a body that cannot be read is refused before anything counts it.
      route.bodyMediaType ? guards.formBody : guards.jsonBody,
      ...(route.before ?? []),
      ...(needsAuth(route) ? [requireAuth] : []),
      ...(route.permission ? [requirePermission(route.permission)] : []),
      ...(route.query ? [validateQuery(route.query)] : []),
      ...(route.body ? [validateBody(route.body)] : []),
      ...(route.recentAuth ? [requireRecentAuth(route.recentAuth, reauthMaxAgeSeconds)] : []),
      ...(route.after ?? []),
      route.handler as RequestHandler,
    );
  }
  for (const path of new Set(routes.map((route) => route.path))) {
    const allow = methodsOf(routes.filter((route) => route.path === path)).join(', ');
    router.all(path, () => {
      throw new AppError('METHOD_NOT_ALLOWED', `Use ${allow} on this path.`, { headers: { Allow: allow } });
    });
  }
}
