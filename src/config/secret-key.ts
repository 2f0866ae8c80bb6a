import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync, accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { ConfigProblem } from './parsers.js';
import { cannotWrite } from '../runtime/storage-full.js';

export function validateSecretKey(raw: string): string {
  if (raw.startsWith('django-insecure-')) {
    throw new ConfigProblem('is a published example key', 'a private random string of at least 32 characters');
  }
  if (raw.length < 32) throw new ConfigProblem('too short', 'a private random string of at least 32 characters');
  return raw;
}

/** Creates the data directory (mode 0700) when missing and checks it is a writable directory. */
export function ensureDataDir(dir: string): void {
  try {
    const st = statSync(dir);
    if (!st.isDirectory()) throw new ConfigProblem('exists but is not a directory', 'a writable directory path');
  } catch (e) {
    if (e instanceof ConfigProblem) throw e;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }
  try {
    accessSync(dir, constants.W_OK);
  } catch {
    throw new ConfigProblem('is not writable', 'a writable directory path');
  }
}

/** SECRET_KEY unset: read `<dataDir>/secret_key`, or generate and persist one (mode 0600). */
export function loadOrCreateSecretKey(dataDir: string): string {
  const path = join(dataDir, 'secret_key');
  try {
    const existing = readFileSync(path, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch {
    /* absent: generate below */
  }
  const key = randomBytes(64).toString('hex');
  try {
    writeFileSync(path, key + '\n', { mode: 0o600 });
    chmodSync(path, 0o600);
  } catch (error) {
    rmSync(path, { force: true });
    throw cannotWrite(path, error);
  }
  return key;
}
