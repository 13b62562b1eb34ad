import type { Request, RequestHandler, Response, Router } from 'express';
import type { z } from 'zod';
import { AppError } from '../errors/app-error.js';
import type { ErrorCode } from '../errors/error-codes.js';
import { validateBody } from '../middleware/validate.js';

export type Method = 'get' | 'post' | 'delete';

/**
 * One row of a route table: everything Express needs to serve it and OpenAPI needs to document it.
 */
export interface RouteSpec<Body extends z.ZodType = z.ZodType> {
  readonly method: Method;
  readonly path: string;
  readonly summary: string;
  /** Requires a valid access token (the Bearer scheme). */
  readonly auth?: boolean;
  /** Runs before validation: per-IP limits, which must count malformed requests too. */
  readonly before?: readonly RequestHandler[];
  readonly body?: Body;
  /** Runs after validation, on the parsed body: per-account limits. */
  readonly after?: readonly RequestHandler[];
  /** The success status and its body schema (none for 204 and redirects); `mediaType` defaults to application/json. */
  readonly success: { readonly status: number; readonly description: string; readonly schema?: z.ZodType; readonly mediaType?: string };
  /** When the route may answer a 302 instead (with the configuration that makes it), what it redirects to. */
  readonly redirect?: string;
  readonly errors: readonly ErrorCode[];
  readonly handler: (req: Request<Record<string, string>, unknown, z.output<Body>>, res: Response) => unknown;
}

/** Keeps the handler's `req.body` typed by the route's schema. */
export function defineRoute<Body extends z.ZodType>(spec: RouteSpec<Body>): RouteSpec {
  return spec;
}

/** Mounts a route table; every other method on a known path answers 405 with `Allow`. */
export function mountRoutes(router: Router, routes: readonly RouteSpec[], requireAuth: RequestHandler): void {
  for (const route of routes) {
    router[route.method](
      route.path,
      ...(route.before ?? []),
      ...(route.auth ? [requireAuth] : []),
      ...(route.body ? [validateBody(route.body)] : []),
      ...(route.after ?? []),
      route.handler as RequestHandler,
    );
  }
  for (const path of new Set(routes.map((route) => route.path))) {
    const methods = routes.filter((route) => route.path === path).map((route) => route.method.toUpperCase());
    if (methods.includes('GET')) methods.push('HEAD');
    const allow = methods.join(', ');
    router.all(path, () => {
      throw new AppError('METHOD_NOT_ALLOWED', `Use ${allow} on this path.`, { headers: { Allow: allow } });
    });
  }
}
