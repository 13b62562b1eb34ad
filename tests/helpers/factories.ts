import type { RequestListener } from 'node:http';
import request from 'supertest';
import assert from 'node:assert/strict';

export interface Account {
  email: string;
  password: string;
  access_token: string;
  refresh_token: string;
  user: { id: string; email: string };
}

let counter = 0;

/** A unique email for a test. */
export function uniqueEmail(prefix = 'user'): string {
  counter += 1;
  return `${prefix}-${counter}-${Date.now()}@example.com`;
}

/** Registers an account through the API and returns its credentials and tokens. */
export async function registerAccount(
  app: RequestListener,
  fields: { email?: string; password?: string; name?: string } = {},
): Promise<Account> {
  const email = fields.email ?? uniqueEmail();
  const password = fields.password ?? 'a long enough passphrase';
  const res = await request(app)
    .post('/auth/register')
    .send({ ...fields, email, password });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { email, password, ...(res.body as Omit<Account, 'email' | 'password'>) };
}

/** Signs in through the API and returns the token response. */
export async function loginAccount(app: RequestListener, email: string, password: string): Promise<Account> {
  const res = await request(app).post('/auth/login').send({ email, password });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return { email, password, ...(res.body as Omit<Account, 'email' | 'password'>) };
}
