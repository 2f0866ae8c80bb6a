import { createHash, randomBytes } from 'node:crypto';

/** A new agent token: 32 random bytes, shown once; only its hash is stored. */
export const newAgentToken = (): string => `eva_${randomBytes(32).toString('base64url')}`;

/** Tokens are random, so one SHA-256 is enough to keep them useless at rest (no password stretching needed). */
export const hashAgentToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** Shape check before any lookup: a wrong form never reaches the database. */
export const looksLikeAgentToken = (token: unknown): token is string =>
  typeof token === 'string' && /^eva_[A-Za-z0-9_-]{43}$/.test(token);
