/** What a local provider script prints once its provider listens, and how it stops. */
export interface Announcement {
  /** "Local OpenID Provider on http://127.0.0.1:8081". */
  readonly started: string;
  readonly account: unknown;
  /** Every variable the app needs for the whole flow, OAUTH_SUCCESS_REDIRECT included. */
  readonly env: Record<string, string>;
  readonly app: string;
  /** The demo page's button, as labelled with these variables. */
  readonly button: string;
  readonly stop: () => Promise<void>;
}

/** Prints the variables and the next steps, and stops the provider on Ctrl+C or SIGTERM. */
export function announce({ started, account, env, app, button, stop }: Announcement): void {
  process.stdout.write(`${started}, signing in as ${JSON.stringify(account)}\n\n`);
  process.stdout.write('Add these lines to .env (or export them), then start the app with `npm run dev`:\n\n');
  for (const [name, value] of Object.entries(env)) process.stdout.write(`${name}=${value}\n`);
  process.stdout.write(`\nThen open ${app}/ and press "${button}": you come back to that page signed in.\n`);
  process.stdout.write('Ctrl+C stops the provider.\n');
  const exit = () => void stop().then(() => process.exit(0));
  process.on('SIGINT', exit);
  process.on('SIGTERM', exit);
}
