import type { Kysely } from 'kysely';
import type { Config } from '../../config/config.js';
import type { DB } from '../../db/tables.js';
import { bool, nowIso } from '../../db/values.js';
import { FieldErrorCollector, NotFound, badRequest, forbidden, notFound, validationError } from '../../errors.js';
import { outranks, type Principal } from '../../auth/permissions.js';
import { hashPassword, verifyPassword } from '../../auth/passwords.js';
import type { AccountStore } from '../../auth/accounts/account-store.js';
import type { UsersRepository, UserWithRole } from '../../auth/accounts/users.repository.js';
import type { RolesRepository } from '../../auth/accounts/roles.repository.js';
import type { SessionsRepository } from '../../auth/accounts/sessions.repository.js';
import type { LoginLockout } from '../../auth/lockout.js';
import type { EventBus } from '../../realtime/bus.js';
import { presentUser, type UserView } from './users.presenter.js';
import { checkIdentity, checkNewPassword, duplicateAsFieldError } from './users.validation.js';
import { assertMayWriteUser, canSeeAllUsers, canSeeUser } from './users.policy.js';
import { PasswordHistory } from './password-history.js';
import { RoleAssignment } from './role-assignment.js';
import { AccountLockouts, type LockableUserView } from './account-lockouts.js';
import { ProfileImages } from './profile-images.js';
import { OwnerRegistration } from './owner-registration.js';

export interface UsersDeps {
  db: Kysely<DB>;
  bus: EventBus;
  accounts: Pick<AccountStore, 'users' | 'roles' | 'sessions' | 'passwordHistory'>;
  lockout: LoginLockout;
  config: Pick<Config, 'passwordMinLength' | 'dataDir'>;
}

/** The filters of `GET users/` (rest.md §4.1). */
export interface UserListFilter { search?: string; role?: string; isActive?: boolean }

export class UsersService {
  readonly roleAssignment: RoleAssignment;
  readonly lockouts: AccountLockouts;
  readonly images: ProfileImages;
  private readonly history: PasswordHistory;
  private readonly registration: OwnerRegistration;
  private readonly config: UsersDeps['config'];
  private readonly db: Kysely<DB>;
  private readonly users: UsersRepository;
  private readonly roles: RolesRepository;
  private readonly sessions: SessionsRepository;
  private readonly bus: EventBus;

  constructor(deps: UsersDeps) {
    ({ config: this.config, db: this.db, bus: this.bus } = deps);
    ({ users: this.users, roles: this.roles, sessions: this.sessions } = deps.accounts);
    this.history = new PasswordHistory(deps.accounts.passwordHistory);
    this.roleAssignment = new RoleAssignment(this.db, this.users, this.roles, this.bus);
    this.lockouts = new AccountLockouts(this.users, deps.lockout);
    this.images = new ProfileImages(this.config.dataDir, this.users);
    this.registration = new OwnerRegistration(this.db, this.users, this.config);
  }

  async list(p: Principal, filter: UserListFilter): Promise<LockableUserView[]> {
    const rows = await this.users.list({ onlyId: canSeeAllUsers(p) ? undefined : p.userId, ...filter });
    return this.lockouts.present(rows);
  }

  /** The representation of a user by id (one that exists). */
  async present(id: number): Promise<UserView> {
    return presentUser((await this.users.findById(id))!);
  }

  async get(p: Principal, rawId: string): Promise<UserView> {
    return presentUser(await this.visible(p, rawId));
  }

  /** First-run registration of the owner (rest.md §3.3); returns the new user's id. */
  registerOwner(body: Record<string, unknown>): Promise<number> {
    return this.registration.register(body);
  }

  /** A user the caller may see, else 404 (ids of the wrong form too). */
  async visible(p: Principal, rawId: string): Promise<UserWithRole> {
    if (!/^\d{1,15}$/.test(rawId)) throw notFound();
    const id = Number(rawId);
    if (!canSeeUser(p, id)) throw notFound();
    const found = await this.users.findById(id);
    if (!found) throw notFound();
    return found;
  }

  async me(p: Principal) {
    return presentUser(p.account ?? (await this.users.findById(p.userId))!);
  }

  async create(p: Principal | 'cli', body: Record<string, unknown>) {
    const errors = new FieldErrorCollector();
    const roleName = body.role === undefined || body.role === null || body.role === '' ? 'user' : body.role;
    if (typeof roleName !== 'string') throw validationError({ role: ['Not a valid string.'] });
    const role = await this.roles.find(roleName);
    if (!role) throw validationError({ role: [`Role '${roleName}' does not exist`] });
    const ownerExists = (await this.users.list({ role: 'owner' })).length > 0;
    if (role.name === 'owner' && (p !== 'cli' || ownerExists)) {
      throw validationError({ role: ['There can only be one system owner. Transfer ownership from the current owner first.'] });
    }
    if (p !== 'cli' && outranks(role, p.role)) throw forbidden('You cannot assign a role ranked above your own');
    if (body.is_active !== undefined && typeof body.is_active !== 'boolean') errors.add('is_active', 'Must be a valid boolean.');
    await checkIdentity(body, errors, this.users, { required: true });
    const identity = { username: body.username as string, email: body.email as string };
    checkNewPassword('password', body.password, errors, this.config.passwordMinLength, identity);
    errors.throwIfAny();
    const now = nowIso();
    const id = await this.users.insert({
      username: identity.username, username_normalized: identity.username.toLowerCase(),
      email: identity.email, email_normalized: identity.email.toLowerCase(),
      password_hash: await hashPassword(body.password as string),
      first_name: typeof body.first_name === 'string' ? body.first_name : '',
      last_name: typeof body.last_name === 'string' ? body.last_name : '',
      is_active: body.is_active !== false, role_name: role.name,
      date_joined: now, password_changed_at: now, created_at: now, updated_at: now,
    }).catch((e: unknown) => duplicateAsFieldError(e, body, this.users));
    return presentUser((await this.users.findById(id))!);
  }

  async update(p: Principal, rawId: string, body: Record<string, unknown>, full: boolean) {
    const target = await this.visible(p, rawId);
    const self = target.user.id === p.userId;
    if (!self) {
      if (!p.role.can_manage_users) throw forbidden();
      assertMayWriteUser(p, target.role);
    }
    if (body.password !== undefined) throw validationError({ password: ['Use the change-password endpoint to change a password.'] });
    const changes: Record<string, unknown> = {};
    const wantsActive = body.is_active;
    if (wantsActive !== undefined && wantsActive !== bool(target.user.is_active)) {
      if (typeof wantsActive !== 'boolean') throw validationError({ is_active: ['Must be a valid boolean.'] });
      if (self && !wantsActive) throw forbidden('You cannot deactivate your own account');
      if (self) throw forbidden();
      if (target.role.name === 'owner' && !wantsActive) throw forbidden('The system owner cannot be deactivated');
      changes.is_active = wantsActive;
    }
    const errors = new FieldErrorCollector();
    const identity: Record<string, unknown> = {};
    for (const key of ['username', 'email', 'first_name', 'last_name'] as const) if (body[key] !== undefined) identity[key] = body[key];
    await checkIdentity(identity, errors, this.users, { required: full, exceptId: target.user.id });
    errors.throwIfAny();
    if (typeof identity.username === 'string') Object.assign(changes, { username: identity.username, username_normalized: identity.username.toLowerCase() });
    if (typeof identity.email === 'string') Object.assign(changes, { email: identity.email, email_normalized: identity.email.toLowerCase() });
    if (typeof identity.first_name === 'string') changes.first_name = identity.first_name;
    if (typeof identity.last_name === 'string') changes.last_name = identity.last_name;

    if (body.role !== undefined && body.role !== target.role.name) {
      await this.roleAssignment.setRole(p, target, body.role);
    }
    if (Object.keys(changes).length) {
      await this.users.update(target.user.id, { ...changes, updated_at: nowIso() })
        .catch((e: unknown) => duplicateAsFieldError(e, identity, this.users, target.user.id));
      if (changes.is_active === false) await this.revokeAll(target.user.id, 'user_deactivated');
    }
    return presentUser((await this.users.findById(target.user.id))!);
  }

  async delete(p: Principal, rawId: string): Promise<UserWithRole> {
    const target = await this.visible(p, rawId);
    if (target.user.id === p.userId) throw forbidden('You cannot delete your own account');
    if (target.role.name === 'owner') throw forbidden('System owners cannot be deleted for security reasons');
    assertMayWriteUser(p, target.role);
    await this.users.delete(target.user.id);
    this.bus.emit('sessionsRevoked', { userId: target.user.id, sessionIds: 'all', reason: 'user_deleted' });
    await this.images.removeFile(target.user.profile_image_path);
    return target;
  }

  /** `POST users/{id}/set_role/`: a visible target, then the rules of rest.md §4.4. */
  async setRole(p: Principal, rawId: string, roleName: unknown): Promise<UserView> {
    const target = await this.visible(p, rawId);
    await this.roleAssignment.setRole(p, target, roleName);
    return this.present(target.user.id);
  }

  /** `POST users/{id}/transfer-ownership/` (rest.md §4.5): a non-owner is refused before the target is looked up. */
  async transferOwnership(p: Principal, rawId: string, body: Record<string, unknown>) {
    if (p.role.name !== 'owner') throw forbidden('Only owners can assign the owner role');
    const target = await this.visible(p, rawId);
    await this.roleAssignment.transferOwnership(p, target, body);
    return { detail: 'Ownership transferred', owner: await this.present(target.user.id), previous_owner: await this.present(p.userId) };
  }

  /** `POST users/{id}/unlock/`. */
  async unlock(p: Principal, rawId: string): Promise<LockableUserView> {
    return this.lockouts.unlock(p, await this.visible(p, rawId));
  }

  /** The target of a profile image change: a visible user, oneself or one the caller may manage. */
  async imageTarget(p: Principal, rawId: string): Promise<UserWithRole> {
    const target = await this.visible(p, rawId);
    if (target.user.id === p.userId) return target;
    if (!p.role.can_manage_users) throw forbidden();
    assertMayWriteUser(p, target.role);
    return target;
  }

  async changePassword(p: Principal, rawId: string, body: Record<string, unknown>) {
    const target = await this.visible(p, rawId);
    const self = target.user.id === p.userId;
    const denied = () => forbidden("You don't have permission to change this user's password");
    if (!self) {
      if (!p.role.can_manage_users) throw denied();
      if (target.role.name === 'owner' || outranks(target.role, p.role)) throw denied();
    } else {
      const { current_password: current, new_password: next } = body;
      if (typeof current !== 'string' || !current || typeof next !== 'string' || !next) {
        throw badRequest('Current and new password are required');
      }
      if (!(await verifyPassword(current, target.user.password_hash))) throw badRequest('Current password is incorrect');
    }
    const errors = new FieldErrorCollector();
    const next = body.new_password;
    if (checkNewPassword('new_password', next, errors, this.config.passwordMinLength, target.user)) {
      if (await this.history.reused(target.user.id, target.user.password_hash, next)) {
        errors.add('new_password', 'You cannot reuse one of your last 5 passwords.');
      }
    }
    errors.throwIfAny();
    await this.setPasswordHash(target, await hashPassword(next as string));
    await this.revokeAll(target.user.id, 'password_changed', self ? p.sessionId : undefined);
    return { detail: 'Password changed successfully' };
  }

  /** CLI: every user with their lockout state, as the operator sees them. */
  async listAll(): Promise<LockableUserView[]> {
    return this.lockouts.present(await this.users.list({}));
  }

  /** CLI: the operator sets a user's role by username (RoleAssignment.setRoleAsOperator's rules). */
  async setRoleByName(username: string, roleName: string): Promise<UserView> {
    const target = await this.users.findByLogin(username);
    if (!target) throw new NotFound(`No user named "${username}".`);
    await this.roleAssignment.setRoleAsOperator(target, roleName);
    return this.present(target.user.id);
  }

  /** CLI: set a password by username, policy applied, all sessions revoked. */
  async setPasswordByName(username: string, password: string): Promise<void> {
    const target = await this.users.findByLogin(username);
    if (!target) throw new NotFound(`No user named "${username}".`);
    const errors = new FieldErrorCollector();
    checkNewPassword('password', password, errors, this.config.passwordMinLength, target.user);
    errors.throwIfAny();
    await this.setPasswordHash(target, await hashPassword(password));
    await this.revokeAll(target.user.id, 'password_changed');
  }

  private async setPasswordHash(target: UserWithRole, hash: string): Promise<void> {
    const now = nowIso();
    await this.history.remember(target.user.id, target.user.password_hash, now);
    await this.users.update(target.user.id, { password_hash: hash, password_changed_at: now, updated_at: now });
  }

  private async revokeAll(userId: number, reason: 'password_changed' | 'user_deactivated', keep?: string) {
    const ids = await this.sessions.revokeAllOf(userId, reason, nowIso(), keep);
    this.bus.emit('sessionsRevoked', { userId, sessionIds: reason === 'user_deactivated' ? 'all' : ids, reason });
  }
}
