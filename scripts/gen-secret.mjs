#!/usr/bin/env node
// Prints a strong random secret for JWT_SECRET or COOKIE_SECRET: 48 random bytes (384 bits),
// base64url-encoded to 64 characters. Usage: npm run gen-secret --silent
import { randomBytes } from 'node:crypto';

process.stdout.write(`${randomBytes(48).toString('base64url')}\n`);
