// The one interface between the core and an optional feature (docs/architecture.md, "Core and features").
// The core never imports a feature: src/features/index.ts lists them, the server hands that list to
// createApp, and createApp installs each one's hooks here and mounts the routes of those switched on.
import type { RequestHandler } from 'express';
import type { Types } from 'mongoose';
import type { Passport } from 'passport';
import type { Config } from './config/config.js';
import { ConfigError } from './config/config-error.js';
import type { SharedRedis } from './db/redis.js';
import type { Outbox } from './mail/outbox.js';
import type { Limiters } from './middleware/rate-limits.js';
import type { UserRecord } from './models/user.model.js';
import type { RouteSpec } from './routes/route-spec.js';

/** What a feature's routes are built with: the app's own collaborators. */
export interface FeatureContext {
  readonly config: Config;
  readonly limiters: Limiters;
  /** Runs the sign-in strategies a feature registers (`passport.use`). */
  readonly passport: InstanceType<typeof Passport>;
  readonly outbox?: Outbox | undefined;
  readonly redis?: SharedRedis | undefined;
}

/** Something of a user's that a feature stores or voids, given the user's id. */
export type UserHook = (user: Types.ObjectId) => Promise<unknown>;

/** A second factor a feature adds to the accounts that turned it on. */
export interface SecondFactor {
  /** Whether this account must prove it at sign-in and at re-authentication. */
  readonly isOn: (user: Pick<UserRecord, 'mfaEnabled'>) => boolean;
  /** Ends a sign-in whose first factor was right: throws the answer that asks for the second (MFA_REQUIRED). */
  readonly challenge: (user: Pick<UserRecord, '_id'>) => Promise<never>;
  /** Checks a code at re-authentication; throws when it is wrong. */
  readonly verify: (user: Types.ObjectId, code: string, config: Config) => Promise<void>;
  /** Turns it off for the account (an admin's reset, a claimed account). */
  readonly turnOff: UserHook;
}

export interface Feature {
  /** Its name in DISABLED_FEATURES, in the start-up line and in `npm run feature:remove`. */
  readonly name: string;
  /** The start-up line's words for it when it is on: what it does with this configuration, and what would change that. */
  readonly describe?: (config: Config) => string;
  readonly routes?: (context: FeatureContext) => RouteSpec[];
  /**
   * Sees every request, before the routes (right after the request log): for what is not a route of the
   * API, such as an operator's endpoint kept out of the OpenAPI document. Undefined: nothing to mount.
   */
  readonly middleware?: (config: Config) => RequestHandler | undefined;
  /** Deletes what it stores of a user: run when the account is deleted. */
  readonly deleteUserData?: UserHook;
  /** Removes the ways in it holds for a user: run when a provider claims an account its holder never verified. */
  readonly removeWaysIn?: UserHook;
  /** Voids the single-use secrets it issued a user: run whenever every session of theirs is revoked. */
  readonly voidPending?: UserHook;
  readonly secondFactor?: SecondFactor;
}

/** The hooks of the installed features, whether their routes are on or off: data stays protected and deletable. */
let installed: readonly Feature[] = [];

/**
 * Installs the hooks of `features` and returns those switched on. Throws ConfigError, naming the valid
 * names, when DISABLED_FEATURES names a feature this app does not have.
 */
export function installFeatures(features: readonly Feature[], disabled: ReadonlySet<string>): Feature[] {
  const names = features.map((feature) => feature.name);
  const unknown = [...disabled].find((name) => !names.includes(name));
  if (unknown !== undefined) {
    throw new ConfigError(`DISABLED_FEATURES: "${unknown}" is not a feature of this app (valid: ${names.join(', ') || 'none'})`);
  }
  installed = features;
  return features.filter((feature) => !disabled.has(feature.name));
}

/** Runs one kind of user hook of every installed feature. */
export async function runUserHooks(kind: 'deleteUserData' | 'removeWaysIn' | 'voidPending', user: Types.ObjectId): Promise<void> {
  await Promise.all(installed.flatMap((feature) => feature[kind]?.(user) ?? []));
}

/** The second factors installed (those an account may have turned on). */
export function secondFactors(): SecondFactor[] {
  return installed.flatMap((feature) => (feature.secondFactor ? [feature.secondFactor] : []));
}
