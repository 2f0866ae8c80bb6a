import type { FastifyRequest } from 'fastify';
import { ApiError } from '../errors.js';
import { bool, isUuid, nowIso } from '../db/values.js';
import type { Principal } from './permissions.js';
import type { TokenSigner } from './tokens.js';
import type { UsersRepository } from '../modules/users/users.repository.js';
import type { SessionsRepository } from './sessions.repository.js';

const WWW = { 'WWW-Authenticate': 'Bearer realm="api"' };
const NO_SESSION = '00000000-0000-0000-0000-000000000000';
export const notAuthenticated = () => new ApiError(401, 'not_authenticated', 'Authentication credentials were not provided.', {}, WWW);
export const tokenNotValid = () => new ApiError(401, 'token_not_valid', 'Given token not valid for any token type', {}, WWW);
const userNotFound = () => new ApiError(401, 'user_not_found', 'User not found', {}, WWW);
const userInactive = () => new ApiError(401, 'user_inactive', 'User is inactive', {}, WWW);

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}

/**
 * Verifies an access token in the order of rest.md §3.1: token → user exists → user active → session live.
 * Role and flags come from the database on every call.
 */
export class Authenticator {
  constructor(
    private readonly tokens: TokenSigner,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
  ) {}

  async fromToken(token: string): Promise<Principal> {
    const claims = this.tokens.verify(token, 'access');
    if (!claims) throw tokenNotValid();
    return this.fromSession(claims.user_id, claims.sid);
  }

  /** The principal of a live session (sockets re-check it on every event). */
  async fromSession(userId: number, sessionId: string): Promise<Principal> {
    // A session id that is no UUID names no session (and PostgreSQL would refuse it as a uuid value).
    const found = await this.users.findWithSession(userId, isUuid(sessionId) ? sessionId : NO_SESSION);
    if (!found) throw userNotFound();
    if (!bool(found.user.is_active)) throw userInactive();
    const { session } = found;
    if (!session || session.revoked_at || session.expires_at <= nowIso()) throw tokenNotValid();
    return {
      userId: found.user.id, username: found.user.username, email: found.user.email, role: found.role, sessionId: session.id,
      account: { user: found.user, role: found.role },
    };
  }

  async fromRequest(request: FastifyRequest): Promise<Principal> {
    const header = request.headers.authorization;
    const token = bearerToken(header);
    if (!token) throw notAuthenticated();
    return this.fromToken(token);
  }
}
