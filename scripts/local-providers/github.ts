// feature-file:github (the stand-in for GitHub that GitHub sign-in is tried and tested against; feature:remove deletes it with github)
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The GitHub account the stub signs in: its profile and the addresses of GET /user/emails. */
export interface GitHubAccount {
  id: number;
  login: string;
  name: string | null;
  emails: { email: string; primary: boolean; verified: boolean }[];
}

export interface LocalGitHub {
  /** GITHUB_BASE_URL for the app (the authorize and token endpoints). */
  readonly baseUrl: string;
  /** GITHUB_API_URL for the app. */
  readonly apiUrl: string;
  readonly client: { readonly id: string; readonly secret: string };
  signInAs(account: GitHubAccount): void;
  /** Every API request: its path, and whether the token came in the Authorization header or the query string. */
  readonly apiRequests: { path: string; authorization: string | undefined; query: string }[];
  stop(): Promise<void>;
}

interface Grant {
  readonly account: GitHubAccount;
  readonly challenge: string;
  readonly redirectUri: string;
}

function readBody(req: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * A small local stand-in for GitHub's three OAuth endpoints and two API endpoints, on 127.0.0.1:
 * /login/oauth/authorize approves at once, /login/oauth/access_token checks the client secret, the
 * redirect URI and PKCE (S256) and spends the code, /api/user and /api/user/emails answer for the
 * account of signInAs with the bearer token only. GitHub answers a bad code with 200 and an `error`,
 * and so does this. For development and tests only.
 */
export async function startLocalGitHub({ port = 0 }: { port?: number } = {}): Promise<LocalGitHub> {
  const client = { id: 'local-github-client', secret: 'local-github-client-secret-7e21b4' };
  let account: GitHubAccount = {
    id: 4242,
    login: 'octodev',
    name: 'Octo Dev',
    emails: [{ email: 'octodev@example.com', primary: true, verified: true }],
  };
  const grants = new Map<string, Grant>();
  const tokens = new Map<string, GitHubAccount>();
  const apiRequests: LocalGitHub['apiRequests'] = [];

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stub');
    if (req.method === 'GET' && url.pathname === '/login/oauth/authorize') {
      const redirect = new URL(url.searchParams.get('redirect_uri') ?? '');
      const code = randomBytes(16).toString('hex');
      grants.set(code, { account, challenge: url.searchParams.get('code_challenge') ?? '', redirectUri: redirect.href });
      redirect.searchParams.set('code', code);
      redirect.searchParams.set('state', url.searchParams.get('state') ?? '');
      res.writeHead(302, { location: redirect.href }).end();
      return;
    }
    if (req.method === 'POST' && url.pathname === '/login/oauth/access_token') {
      void readBody(req).then((form) => {
        const code = form.get('code') ?? '';
        const grant = grants.get(code);
        grants.delete(code);
        const verifier = form.get('code_verifier') ?? '';
        const proved = createHash('sha256').update(verifier).digest('base64url') === grant?.challenge;
        const clientOk = form.get('client_id') === client.id && form.get('client_secret') === client.secret;
        if (!grant || !proved || !clientOk || form.get('redirect_uri') !== grant.redirectUri) {
          return json(res, 200, { error: 'bad_verification_code', error_description: 'The code passed is incorrect or expired.' });
        }
        const accessToken = `gho_${randomBytes(18).toString('hex')}`;
        tokens.set(accessToken, grant.account);
        return json(res, 200, { access_token: accessToken, token_type: 'bearer', scope: 'read:user,user:email' });
      });
      return;
    }
    if (req.method === 'GET' && (url.pathname === '/api/user' || url.pathname === '/api/user/emails')) {
      const authorization = req.headers.authorization;
      apiRequests.push({ path: url.pathname.slice('/api'.length), authorization, query: url.search });
      const holder = tokens.get(authorization?.replace(/^Bearer /, '') ?? '');
      if (!holder) return json(res, 401, { message: 'Requires authentication' });
      const { emails, ...profile } = holder;
      return json(res, 200, url.pathname.endsWith('/emails') ? emails : profile);
    }
    return json(res, 404, { message: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    apiUrl: `${baseUrl}/api`,
    client,
    apiRequests,
    signInAs: (next) => {
      account = next;
    },
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
