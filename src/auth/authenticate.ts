import type { FastifyRequest } from 'fastify';
import { Unauthenticated } from '../errors.js';
import { bool, isUuid, nowIso } from '../db/values.js';
import type { Principal } from './permissions.js';
import type { TokenSigner } from './tokens.js';
import type { UsersRepository } from './accounts/users.repository.js';
import type { SessionsRepository } from './accounts/sessions.repository.js';
import { CountedCache, type ChangeCounters, type CounterValues } from '../db/change-counter.js';

const NO_SESSION = '00000000-0000-0000-0000-000000000000';
export const notAuthenticated = () => new Unauthenticated('not_authenticated', 'Authentication credentials were not provided.');
export const tokenNotValid = () => new Unauthenticated('token_not_valid', 'Given token not valid for any token type');
const userNotFound = () => new Unauthenticated('user_not_found', 'User not found');
const userInactive = () => new Unauthenticated('user_inactive', 'User is inactive');

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}

type SessionAccount = Awaited<ReturnType<UsersRepository['findWithSession']>>;
/** A rough upper bound of one cached account (its strings and objects). */
const ACCOUNT_BYTES = 2048;
const ACCOUNT_CACHE_BYTES = 2 * 1024 * 1024;

/** Cached accounts are shared by every request of the session: nobody may change them. */
function frozen(account: SessionAccount): SessionAccount {
  if (account) for (const part of [account.user, account.role, account.session, account]) if (part) Object.freeze(part);
  return account;
}

/**
 * Verifies an access token in the order of rest.md §3.1: token → user exists → user active → session live.
 * Role and flags come from the database on every call: either read now or read earlier and confirmed current
 * by the accounts change counter (any change of users, roles or sessions moves it).
 */
export class Authenticator {
  /** What the database says about a (user, session) pair, kept while no user, role or session changed. */
  private readonly accounts: CountedCache<SessionAccount | undefined>;

  constructor(
    private readonly tokens: TokenSigner,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly counters: ChangeCounters,
  ) {
    this.accounts = new CountedCache(() => ACCOUNT_BYTES, ACCOUNT_CACHE_BYTES);
  }

  /** `request`: the HTTP request the token came with; its change counters are read once and kept on it. */
  async fromToken(token: string, request?: FastifyRequest): Promise<Principal> {
    const claims = this.tokens.verify(token, 'access');
    if (!claims) throw tokenNotValid();
    return this.fromSession(claims.user_id, claims.sid, await this.counters.forRequest(request));
  }

  /** The principal of a live session (sockets re-check it on every event). */
  async fromSession(userId: number, sessionId: string, counters?: CounterValues): Promise<Principal> {
    // A session id that is no UUID names no session (and PostgreSQL would refuse it as a uuid value).
    const id = isUuid(sessionId) ? sessionId : NO_SESSION;
    const { accounts } = counters ?? (await this.counters.read());
    const found = await this.accounts.get(`${userId} ${id}`, accounts, async () => frozen(await this.users.findWithSession(userId, id)));
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
    return this.fromToken(token, request);
  }
}
