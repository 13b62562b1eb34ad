import type { RequestListener } from 'node:http';
import request from 'supertest';
import assert from 'node:assert/strict';
import { UserModel } from '../../src/models/user.model.js';

export interface Account {
  email: string;
  password: string;
  access_token: string;
  refresh_token: string;
  user: { id: string; email: string };
}

/** The keys of the contract's User object, sorted. */
export const USER_KEYS = ['created_at', 'email', 'email_verified', 'id', 'mfa_enabled', 'name', 'providers', 'role'];

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

/** Registers an account and makes it an admin in the database (what `npm run user:role` does). */
export async function registerAdmin(
  app: RequestListener,
  fields: { email?: string; password?: string; name?: string } = {},
): Promise<Account> {
  const account = await registerAccount(app, fields);
  await UserModel.updateOne({ _id: account.user.id }, { $set: { role: 'admin' } });
  return account;
}

/** Stores `count` users directly (no password), oldest first; returns their ids in that order. */
export async function insertUsers(count: number, prefix = 'bulk'): Promise<string[]> {
  const users = await UserModel.insertMany(Array.from({ length: count }, () => ({ email: uniqueEmail(prefix) })));
  return users.map((user) => user._id.toHexString());
}
