import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import type { DB, UsersTable } from '../../db/tables.js';
import { toRole, type RoleRow } from '../roles/roles.repository.js';
import type { Role } from '../../auth/permissions.js';

export type UserRow = Selectable<UsersTable>;
export interface UserWithRole { user: UserRow; role: Role }

const ROLE_COLUMNS = [
  'roles.name', 'roles.display_name', 'roles.description', 'roles.priority', 'roles.can_manage_users',
  'roles.can_manage_system', 'roles.can_manage_network', 'roles.can_view_all_data', 'roles.can_run_tools',
  'roles.is_builtin', 'roles.created_at as role_created_at', 'roles.updated_at as role_updated_at',
] as const;

export interface UserFilters { search?: string; role?: string; isActive?: boolean; onlyId?: number }

export class UsersRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private withRole() {
    return this.db.selectFrom('users').innerJoin('roles', 'roles.name', 'users.role_name').selectAll('users').select(ROLE_COLUMNS);
  }

  private split(row: UserRow & Omit<RoleRow, 'created_at' | 'updated_at'> & { role_created_at: string; role_updated_at: string }): UserWithRole {
    const { name, display_name, description, priority, can_manage_users, can_manage_system, can_manage_network,
      can_view_all_data, can_run_tools, is_builtin, role_created_at, role_updated_at, ...user } = row;
    const role = toRole({ name, display_name, description, priority, can_manage_users, can_manage_system, can_manage_network,
      can_view_all_data, can_run_tools, is_builtin, created_at: role_created_at, updated_at: role_updated_at });
    return { user: user as UserRow, role };
  }

  async findById(id: number): Promise<UserWithRole | undefined> {
    const row = await this.withRole().where('users.id', '=', id).executeTakeFirst();
    return row && this.split(row);
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
    if (filters.search) {
      const pattern = `%${filters.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      q = q.where((eb) => eb.or([
        eb('users.username_normalized', 'like', pattern),
        eb('users.email_normalized', 'like', pattern),
        eb(eb.fn('lower', ['users.first_name']), 'like', pattern),
        eb(eb.fn('lower', ['users.last_name']), 'like', pattern),
      ]));
    }
    const rows = await q.orderBy('users.id').execute();
    return rows.map((r) => this.split(r));
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
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
