#!/usr/bin/env node
// Prints a strong random secret. Usage: npm run gen-secret --silent [-- mfa]
// - no argument: for JWT_SECRET or COOKIE_SECRET, 48 random bytes (384 bits), base64url (64 characters);
// - mfa: for MFA_ENCRYPTION_KEY, an AES-256 key: 32 random bytes, base64 (44 characters).
import { randomBytes } from 'node:crypto';

const secret = process.argv[2] === 'mfa' ? randomBytes(32).toString('base64') : randomBytes(48).toString('base64url');
process.stdout.write(`${secret}\n`);
