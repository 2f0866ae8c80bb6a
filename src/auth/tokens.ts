import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export type TokenType = 'access' | 'refresh';

export interface TokenClaims {
  token_type: TokenType;
  exp: number;
  iat: number;
  jti: string;
  user_id: number;
  sid: string;
}

/** Verified tokens remembered; the oldest is forgotten first. */
const VERIFIED_CACHE_SIZE = 2000;
const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/**
 * HS256 JWTs (rest.md §3.1) with node:crypto: synchronous HMAC keeps per-request verification cheap.
 * Only `alg: HS256` is accepted; anything else (including `none`) is rejected.
 */
export class TokenSigner {
  /** Tokens whose signature and header were checked already (a client sends the same one for a while). */
  private readonly verified = new Map<string, TokenClaims>();

  constructor(private readonly key: Buffer) {}

  sign(claims: Omit<TokenClaims, 'iat' | 'exp' | 'jti'> & { jti?: string }, lifetimeSeconds: number, now = Date.now()): { token: string; claims: TokenClaims } {
    const iat = Math.floor(now / 1000);
    const full: TokenClaims = {
      token_type: claims.token_type,
      exp: iat + Math.round(lifetimeSeconds),
      iat,
      jti: claims.jti ?? newJti(),
      user_id: claims.user_id,
      sid: claims.sid,
    };
    const payload = Buffer.from(JSON.stringify(full)).toString('base64url');
    return { token: `${HEADER}.${payload}.${this.mac(`${HEADER}.${payload}`)}`, claims: full };
  }

  /** Returns the claims when the signature, algorithm, expiry and type are valid; otherwise null. */
  verify(token: string, expectedType: TokenType, now = Date.now()): TokenClaims | null {
    const claims = this.verified.get(token) ?? this.verifySignature(token);
    if (!claims || claims.token_type !== expectedType || claims.exp * 1000 <= now) return null;
    return claims;
  }

  /** Claims of a well-formed HS256 token with a valid signature (expiry and type not checked), remembered. */
  private verifySignature(token: string): TokenClaims | null {
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const [header, payload, signature] = parts;
    const expected = Buffer.from(this.mac(`${header}.${payload}`));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    try {
      const h = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown };
      if (h.alg !== 'HS256') return null;
      const c = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<TokenClaims>;
      if (typeof c.token_type !== 'string' || typeof c.exp !== 'number') return null;
      if (typeof c.user_id !== 'number' || typeof c.sid !== 'string' || typeof c.jti !== 'string') return null;
      const claims = Object.freeze(c as TokenClaims);
      if (this.verified.size >= VERIFIED_CACHE_SIZE) this.verified.delete(this.verified.keys().next().value as string);
      this.verified.set(token, claims);
      return claims;
    } catch {
      return null;
    }
  }

  private mac(input: string): string {
    return createHmac('sha256', this.key).update(input).digest('base64url');
  }
}

export const newJti = (): string => randomBytes(16).toString('hex');
