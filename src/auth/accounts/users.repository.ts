import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { DB, UsersTable } from '../../db/tables.js';
import { PreparedQuery } from '../../db/prepared.js';
import { toRole, type RoleRow } from './roles.repository.js';
import type { PermissionFlag, Role } from '../permissions.js';

export type UserRow = Selectable<UsersTable>;
export interface UserWithRole { user: UserRow; role: Role }
/** The fields of a user its representation (rest.md §1.1) shows, with its role. */
export type PresentedUserRow = Pick<UserRow, 'id' | 'username' | 'email' | 'first_name' | 'last_name' | 'is_active' | 'date_joined' | 'last_login' | 'profile_image_path'>;
export interface Account { user: PresentedUserRow; role: Role }
export interface LiveSession { id: string; revoked_at: string | null; expires_at: string }

const ROLE_COLUMNS = [
  'roles.name', 'roles.display_name', 'roles.description', 'roles.priority', 'roles.can_manage_users',
  'roles.can_manage_system', 'roles.can_manage_network', 'roles.can_view_all_data', 'roles.can_run_tools', 'roles.can_manage_monitors',
  'roles.is_builtin', 'roles.created_at as role_created_at', 'roles.updated_at as role_updated_at',
] as const;

export interface UserFilters { search?: string; role?: string; isActive?: boolean; onlyId?: number }
/** An active account's address, for the notifications sent by email. */
export interface UserContact { id: number; email: string }
/** What the security checks read of an active account (security.md §1 `weak_accounts`). */
export type AccountActivity = Pick<UserRow, 'username' | 'role_name' | 'last_login' | 'date_joined'>;

export class UsersRepository {
  private readonly withSession;

  constructor(private readonly db: Kysely<DB>) {
    this.withSession = new PreparedQuery(db as Kysely<unknown>, (id: number, sessionId: string) =>
      db.selectFrom('users').innerJoin('roles', 'roles.name', 'users.role_name')
        .leftJoin('sessions', (join) => join.on('sessions.id', '=', sessionId).onRef('sessions.user_id', '=', 'users.id'))
        .select(['users.id', 'users.username', 'users.email', 'users.first_name', 'users.last_name', 'users.is_active',
          'users.date_joined', 'users.last_login', 'users.profile_image_path', ...ROLE_COLUMNS.slice(0, 10),
          'sessions.id as session_id', 'sessions.revoked_at as session_revoked_at', 'sessions.expires_at as session_expires_at'])
        .where('users.id', '=', id));
  }

  private withRole() {
    return this.db.selectFrom('users').innerJoin('roles', 'roles.name', 'users.role_name').selectAll('users').select(ROLE_COLUMNS);
  }

  private split(row: UserRow & Omit<RoleRow, 'created_at' | 'updated_at'> & { role_created_at: string; role_updated_at: string }): UserWithRole {
    const { name, display_name, description, priority, can_manage_users, can_manage_system, can_manage_network,
      can_view_all_data, can_run_tools, can_manage_monitors, is_builtin, role_created_at, role_updated_at, ...user } = row;
    const role = toRole({ name, display_name, description, priority, can_manage_users, can_manage_system, can_manage_network,
      can_view_all_data, can_run_tools, can_manage_monitors, is_builtin, created_at: role_created_at, updated_at: role_updated_at });
    return { user: user as UserRow, role };
  }

  async findById(id: number): Promise<UserWithRole | undefined> {
    const row = await this.withRole().where('users.id', '=', id).executeTakeFirst();
    return row && this.split(row);
  }

  /**
   * What authenticating a request needs, in one query: the user's presented fields, its role, and the state of one of
   * its sessions (null when that session is not the user's). Every column costs on SQLite, so only these are read.
   */
  async findWithSession(id: number, sessionId: string): Promise<(Account & { session: LiveSession | null }) | undefined> {
    const row = await this.withSession.first(id, sessionId);
    if (!row) return undefined;
    const { name, display_name, description, priority, can_manage_users, can_manage_system, can_manage_network,
      can_view_all_data, can_run_tools, can_manage_monitors, is_builtin, session_id, session_revoked_at, session_expires_at, ...user } = row;
    const role = toRole({ name, display_name, description, priority, can_manage_users, can_manage_system, can_manage_network,
      can_view_all_data, can_run_tools, can_manage_monitors, is_builtin, created_at: '', updated_at: '' });
    const session = session_id ? { id: session_id, revoked_at: session_revoked_at, expires_at: session_expires_at as string } : null;
    return { user, role, session };
  }

  /** Case-insensitive match on username, then on email (rest.md §3.4). */
  async findByLogin(login: string): Promise<UserWithRole | undefined> {
    const normalized = login.toLowerCase();
    const byName = await this.withRole().where('users.username_normalized', '=', normalized).executeTakeFirst();
    if (byName) return this.split(byName);
    const byEmail = await this.withRole().where('users.email_normalized', '=', normalized).executeTakeFirst();
    return byEmail && this.split(byEmail);
  }

  async list(filters: UserFilters = {}): Promise<UserWithRole[]> {
    let q = this.withRole();
    if (filters.onlyId !== undefined) q = q.where('users.id', '=', filters.onlyId);
    if (filters.role) q = q.where('users.role_name', '=', filters.role);
    if (filters.isActive !== undefined) q = q.where('users.is_active', '=', filters.isActive);
    const rows = (await q.orderBy('users.id').execute()).map((r) => this.split(r));
    if (!filters.search) return rows;
    // Matched here rather than with LIKE: SQLite folds only ASCII case and treats `_`/`%` as wildcards.
    const needle = filters.search.toLowerCase();
    return rows.filter(({ user }) => [user.username, user.email, user.first_name ?? '', user.last_name ?? '']
      .some((value) => value.toLowerCase().includes(needle)));
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** Whether any account exists; inside `db` when given (a transaction of the caller). */
  async any(db: Kysely<DB> = this.db): Promise<boolean> {
    return (await db.selectFrom('users').select('id').limit(1).executeTakeFirst()) !== undefined;
  }

  /** The role of the account, undefined when there is none; inside `db` when given (a transaction of the caller). */
  async roleNameOf(id: number, db: Kysely<DB> = this.db): Promise<string | undefined> {
    const row = await db.selectFrom('users').select('role_name').where('id', '=', id).executeTakeFirst();
    return row?.role_name;
  }

  /** Ids of the active users whose role has `flag`, in id order. */
  async activeIdsWithFlag(flag: PermissionFlag): Promise<number[]> {
    const rows = await this.db.selectFrom('users').innerJoin('roles', 'roles.name', 'users.role_name')
      .select('users.id').where(`roles.${flag}`, '=', true).where('users.is_active', '=', true).orderBy('users.id').execute();
    return rows.map((r) => Number(r.id));
  }

  /** The active users among `ids` (only those of `role`, when given) with their email address, in id order. */
  async activeContacts(scope: { ids: readonly number[]; role?: string }): Promise<UserContact[]> {
    const out: UserContact[] = [];
    // In slices, so that no statement carries more parameters than the database accepts.
    for (let i = 0; i < scope.ids.length; i += 500) {
      let q = this.db.selectFrom('users').select(['id', 'email']).where('is_active', '=', true)
        .where('id', 'in', scope.ids.slice(i, i + 500));
      if (scope.role !== undefined) q = q.where('role_name', '=', scope.role);
      for (const r of await q.execute()) out.push({ id: Number(r.id), email: r.email });
    }
    return out.sort((a, b) => a.id - b.id);
  }

  /** Active users whose role is one of `roleNames`, in id order. */
  activeWithRoles(roleNames: readonly string[]): Promise<AccountActivity[]> {
    return this.db.selectFrom('users')
      .select(['username', 'role_name', 'last_login', 'date_joined'])
      .where('is_active', '=', true).where('role_name', 'in', [...roleNames])
      .orderBy('id').execute();
  }

  async insert(values: Insertable<UsersTable>, db: Kysely<DB> = this.db): Promise<number> {
    const row = await db.insertInto('users').values(values).returning('id').executeTakeFirstOrThrow();
    return Number(row.id);
  }

  async update(id: number, changes: Updateable<UsersTable>, db: Kysely<DB> = this.db): Promise<void> {
    await db.updateTable('users').set(changes).where('id', '=', id).execute();
  }

  async delete(id: number): Promise<void> {
    await this.db.deleteFrom('users').where('id', '=', id).execute();
  }

  async usernameTaken(normalized: string, exceptId?: number): Promise<boolean> {
    let q = this.db.selectFrom('users').select('id').where('username_normalized', '=', normalized);
    if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  }

  async emailTaken(normalized: string, exceptId?: number): Promise<boolean> {
    let q = this.db.selectFrom('users').select('id').where('email_normalized', '=', normalized);
    if (exceptId !== undefined) q = q.where('id', '<>', exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  }
}
