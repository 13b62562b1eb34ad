#!/usr/bin/env node
// Prints a 384-bit random secret for JWT_SECRET or COOKIE_SECRET: `npm run gen-secret`.
import { randomBytes } from 'node:crypto';

process.stdout.write(`${randomBytes(48).toString('base64url')}\n`);
