import { pbkdf2, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config/config.js';

const pbkdf2Async = promisify(pbkdf2);
/** OWASP's argon2id minimum (m=19 MiB, t=2, p=1), as models.md §2.2 writes the PHC string. */
const ARGON2 = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

type Argon2 = typeof import('@node-rs/argon2');
let argon2: Promise<Argon2> | null = null;
/** The native argon2 binding is loaded on the first hash or verification, not at start. */
const loadArgon2 = (): Promise<Argon2> => (argon2 ??= import('@node-rs/argon2'));

export const hashPassword = async (password: string): Promise<string> => (await loadArgon2()).hash(password, ARGON2);

/** A valid argon2id hash of a random password: unknown users are checked against it, so they take as long. */
let dummyHash: Promise<string> | null = null;
export function timingDummyHash(): Promise<string> {
  return (dummyHash ??= hashPassword('timing-equaliser-' + Math.random().toString(36)));
}

/** Verifies argon2id PHC strings and the older `pbkdf2_sha256$iterations$salt$hash` format. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith('$argon2')) {
    try {
      return await (await loadArgon2()).verify(stored, password);
    } catch {
      return false;
    }
  }
  const parts = stored.split('$');
  if (parts.length === 4 && parts[0] === 'pbkdf2_sha256') {
    const [, iterations, salt, expected] = parts;
    const derived = await pbkdf2Async(password, salt, Number(iterations), 32, 'sha256');
    const given = Buffer.from(expected, 'base64');
    return given.length === derived.length && timingSafeEqual(given, derived);
  }
  return false;
}

export const needsRehash = (stored: string): boolean => !stored.startsWith('$argon2id$v=19$m=19456,t=2,p=1$');

let common: Set<string> | null = null;
function commonPasswords(): Set<string> {
  if (!common) {
    const text = readFileSync(join(PROJECT_ROOT, 'src', 'auth', 'common-passwords.txt'), 'utf8');
    common = new Set(text.split('\n').filter((l) => l && !l.startsWith('#')));
  }
  return common;
}

/** Every failing rule of rest.md §3.7 (except history, checked by the caller on change). */
export function passwordProblems(password: string, minLength: number, identity: { username?: string; email?: string }): string[] {
  const problems: string[] = [];
  if (password.length < minLength) problems.push(`This password is too short. It must contain at least ${minLength} characters.`);
  if (password.length > 128) problems.push('Ensure this field has no more than 128 characters.');
  if (/^\d+$/.test(password)) problems.push('This password is entirely numeric.');
  const lower = password.toLowerCase();
  if (commonPasswords().has(lower)) problems.push('This password is too common.');
  const username = identity.username?.toLowerCase() ?? '';
  if (username.length >= 4 && lower.includes(username)) problems.push('The password is too similar to the username.');
  const local = identity.email?.split('@')[0]?.toLowerCase() ?? '';
  if (local.length >= 4 && lower.includes(local)) problems.push('The password is too similar to the email address.');
  return problems;
}
