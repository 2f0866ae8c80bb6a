import { randomUUID } from 'node:crypto';
import type { Config } from '../../config/config.js';
import { bool, nowIso, wireTime } from '../../db/values.js';
import { FieldErrorCollector, Invalid, Unauthenticated, throttled, validationError } from '../../errors.js';
import type { EventBus } from '../../realtime/bus.js';
import type { ListWindow, Listing } from '../../http/pagination.js';
import type { AccountStore } from '../../auth/accounts/account-store.js';
import type { UsersRepository } from '../../auth/accounts/users.repository.js';
import type { SessionsRepository } from '../../auth/accounts/sessions.repository.js';
import type { AttemptFilters, LoginAttemptsRepository, LoginOutcome } from '../../auth/accounts/login-attempts.repository.js';
import { accountKey, typedKey, type LoginLockout } from '../../auth/lockout.js';
import { hashPassword, needsRehash, timingDummyHash, verifyPassword } from '../../auth/passwords.js';
import { newJti, type TokenSigner } from '../../auth/tokens.js';
import type { Principal } from '../../auth/permissions.js';

export interface ClientInfo { ip: string | null; userAgent: string | null }

/** What the auth module needs of the users module: first-run registration and the User representation. */
export interface OwnerRegistration {
  /** Validates and creates the first account as owner (Forbidden once any exists); returns its id. */
  registerOwner(body: Record<string, unknown>): Promise<number>;
  /** The User representation (rest.md §1.1) of an existing user. */
  present(userId: number): Promise<unknown>;
}

export interface AuthDeps {
  config: Pick<Config, 'jwt'>;
  tokens: TokenSigner;
  accounts: Pick<AccountStore, 'users' | 'sessions' | 'loginAttempts'>;
  lockout: LoginLockout;
  bus: EventBus;
  users: OwnerRegistration;
}

const REQUIRED = 'This field is required.';
const badCredentials = () => new Unauthenticated('authentication_failed', 'No active account found with the given credentials');
const refreshInvalid = () => new Unauthenticated('token_not_valid', 'Token is invalid or expired');
const logoutInvalid = () => new Invalid('Invalid token or token already blacklisted');

export class AuthService {
  private readonly config: AuthDeps['config'];
  private readonly tokens: TokenSigner;
  private readonly users: UsersRepository;
  private readonly sessions: SessionsRepository;
  private readonly attempts: LoginAttemptsRepository;
  private readonly lockout: LoginLockout;
  private readonly bus: EventBus;
  private readonly owners: OwnerRegistration;

  constructor(deps: AuthDeps) {
    ({ config: this.config, tokens: this.tokens, lockout: this.lockout, bus: this.bus, users: this.owners } = deps);
    ({ users: this.users, sessions: this.sessions, loginAttempts: this.attempts } = deps.accounts);
  }

  /** Creates a session and its token pair. */
  async issueTokens(userId: number, client: ClientInfo): Promise<{ access: string; refresh: string; sessionId: string }> {
    const sid = randomUUID();
    const refreshSeconds = this.config.jwt.refreshLifetimeDays * 86_400;
    const refresh = this.tokens.sign({ token_type: 'refresh', user_id: userId, sid, jti: newJti() }, refreshSeconds);
    const now = nowIso();
    await this.sessions.create({
      id: sid, user_id: userId, refresh_jti: refresh.claims.jti, created_at: now, last_used_at: now,
      expires_at: new Date(refresh.claims.exp * 1000).toISOString(), revoked_at: null, revoked_reason: null,
      ip_address: client.ip?.slice(0, 45) ?? null, user_agent: client.userAgent?.slice(0, 512) ?? null,
    });
    return { access: this.accessToken(userId, sid), refresh: refresh.token, sessionId: sid };
  }

  private accessToken(userId: number, sid: string): string {
    return this.tokens.sign({ token_type: 'access', user_id: userId, sid }, this.config.jwt.accessLifetimeHours * 3600).token;
  }

  /** Whether any user exists (the first-run screen shows while none does). */
  async firstRun(): Promise<boolean> {
    return (await this.users.count()) > 0;
  }

  async userCount(): Promise<number> {
    return this.users.count();
  }

  async register(body: Record<string, unknown>, client: ClientInfo) {
    const id = await this.owners.registerOwner(body);
    const tokens = await this.issueTokens(id, client);
    return { refresh: tokens.refresh, access: tokens.access, user: await this.owners.present(id), is_owner: true };
  }

  async login(body: Record<string, unknown>, client: ClientInfo) {
    const { username, password } = body;
    const usernameText = typeof username === 'string' ? username : '';
    const record = (outcome: LoginOutcome) =>
      this.attempts.record({ username: usernameText, ip: client.ip, userAgent: client.userAgent, outcome, at: nowIso() });

    const errors = new FieldErrorCollector();
    if (typeof username !== 'string' || username === '') errors.add('username', REQUIRED);
    if (typeof password !== 'string' || password === '') errors.add('password', REQUIRED);
    if (errors.has()) {
      await record('invalid_request');
      errors.throwIfAny();
    }

    const found = await this.users.findByLogin(usernameText);
    const remaining = await this.lockout.remaining(found ? accountKey(found.user) : typedKey(usernameText), client.ip);
    if (remaining > 0) {
      await record('locked_out');
      const minutes = Math.floor(remaining / 60) + 1;
      throw throttled(`Account temporarily locked due to too many failed login attempts. Please try again in ${minutes} minutes.`, remaining, 'locked_out');
    }

    // Unknown users are verified against a dummy hash so they take as long as a wrong password.
    const ok = await verifyPassword(password as string, found?.user.password_hash ?? (await timingDummyHash()));
    if (!found || !ok) {
      await record('invalid_credentials');
      throw badCredentials();
    }
    if (!bool(found.user.is_active)) {
      await record('inactive');
      throw badCredentials();
    }
    const now = nowIso();
    const changes: { last_login: string; last_login_ip: string | null; updated_at: string; password_hash?: string } = {
      last_login: now, last_login_ip: client.ip?.slice(0, 45) ?? null, updated_at: now,
    };
    if (needsRehash(found.user.password_hash)) changes.password_hash = await hashPassword(password as string);
    await this.users.update(found.user.id, changes);
    await record('success');
    const tokens = await this.issueTokens(found.user.id, client);
    return { refresh: tokens.refresh, access: tokens.access, password_expired: false, user: await this.owners.present(found.user.id) };
  }

  /** Validates a refresh token and its session; returns the session id and user id. */
  private async liveRefresh(token: unknown): Promise<{ sid: string; userId: number } | null> {
    if (typeof token !== 'string') return null;
    const claims = this.tokens.verify(token, 'refresh');
    if (!claims) return null;
    const session = await this.sessions.find(claims.sid);
    if (!session || session.refresh_jti !== claims.jti || session.revoked_at || session.expires_at <= nowIso()) return null;
    const found = await this.users.findById(claims.user_id);
    if (!found || !bool(found.user.is_active)) return null;
    return { sid: session.id, userId: claims.user_id };
  }

  async refresh(body: Record<string, unknown>) {
    if (body.refresh === undefined || body.refresh === null || body.refresh === '') throw validationError({ refresh: [REQUIRED] });
    const live = await this.liveRefresh(body.refresh);
    if (!live) throw refreshInvalid();
    const session = await this.sessions.find(live.sid);
    if (session && Date.now() - new Date(session.last_used_at).getTime() > 60_000) await this.sessions.touch(live.sid, nowIso());
    return { access: this.accessToken(live.userId, live.sid), refresh: body.refresh as string };
  }

  async logout(body: Record<string, unknown>, principal: Principal | null) {
    if (body.refresh !== undefined && body.refresh !== null && body.refresh !== '') {
      const live = await this.liveRefresh(body.refresh);
      if (!live || (principal && principal.userId !== live.userId)) throw logoutInvalid();
      await this.revokeSessions(live.userId, [live.sid], 'logout');
    } else {
      if (!principal) throw new Unauthenticated('not_authenticated', 'Authentication credentials were not provided.');
      await this.revokeSessions(principal.userId, [principal.sessionId], 'logout');
    }
    return { detail: 'Logout successful, token has been blacklisted' };
  }

  async logoutAll(principal: Principal) {
    const ids = await this.sessions.revokeAllOf(principal.userId, 'logout_all', nowIso());
    this.bus.emit('sessionsRevoked', { userId: principal.userId, sessionIds: ids, reason: 'logout_all' });
    return { detail: 'Successfully logged out from all devices', revoked_sessions: ids.length };
  }

  private async revokeSessions(userId: number, ids: string[], reason: 'logout' | 'session_revoked') {
    for (const id of ids) await this.sessions.revoke(id, reason, nowIso());
    this.bus.emit('sessionsRevoked', { userId, sessionIds: ids, reason });
  }

  async revokeOwnSession(principal: Principal, id: string): Promise<boolean> {
    const session = await this.sessions.find(id);
    if (!session || session.user_id !== principal.userId || session.revoked_at) return false;
    await this.revokeSessions(principal.userId, [id], 'session_revoked');
    return true;
  }

  /** The caller's active sessions, newest first (rest.md §3.2). */
  async listSessions(p: Principal, window: ListWindow): Promise<Listing<SessionView>> {
    const all = await this.sessions.listActive(p.userId, new Date().toISOString());
    const rows = all.slice(window.offset, window.offset + window.limit).map((s) => ({
      id: s.id, created_at: wireTime(s.created_at), last_used_at: wireTime(s.last_used_at), expires_at: wireTime(s.expires_at),
      ip_address: s.ip_address, user_agent: s.user_agent, current: s.id === p.sessionId,
    }));
    return { count: all.length, rows };
  }

  /** The login attempt log, newest first (rest.md §3.8). */
  async listLoginAttempts(filter: AttemptFilters, window: ListWindow): Promise<Listing<LoginAttemptView>> {
    const { count, rows } = await this.attempts.list(filter, window.limit, window.offset);
    return {
      count,
      rows: rows.map((r) => ({
        id: r.id, username: r.username, ip_address: r.ip_address, user_agent: r.user_agent, timestamp: wireTime(r.timestamp),
        was_successful: bool(r.was_successful), outcome: r.outcome,
      })),
    };
  }
}

export interface SessionView {
  id: string; created_at: string | null; last_used_at: string | null; expires_at: string | null;
  ip_address: string | null; user_agent: string | null; current: boolean;
}

export interface LoginAttemptView {
  id: number; username: string; ip_address: string | null; user_agent: string | null; timestamp: string | null;
  was_successful: boolean; outcome: string;
}
