import type { Env } from './env.schema.js';

export interface GoogleConfig {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly callbackUrl: string;
  readonly authorizationUrl: string;
  readonly tokenUrl: string;
  readonly userInfoUrl: string;
}

/** Google sign-in, when its three settings are set; else off. */
export function googleConfig(env: Env): GoogleConfig | undefined {
  const { GOOGLE_CLIENT_ID: clientId, GOOGLE_CLIENT_SECRET: clientSecret, GOOGLE_CALLBACK_URL: callbackUrl } = env;
  if (!clientId || !clientSecret || !callbackUrl) return undefined;
  return {
    clientId,
    clientSecret,
    callbackUrl,
    authorizationUrl: env.GOOGLE_AUTHORIZATION_URL,
    tokenUrl: env.GOOGLE_TOKEN_URL,
    userInfoUrl: env.GOOGLE_USERINFO_URL,
  };
}
