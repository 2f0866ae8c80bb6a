import type { Kysely, Selectable } from 'kysely';
import type { DB, RolesTable } from '../../db/tables.js';
import { bool } from '../../db/values.js';
import type { Role } from '../permissions.js';

export type RoleRow = Selectable<RolesTable>;

export function toRole(row: RoleRow): Role {
  return {
    name: row.name,
    description: row.description,
    priority: row.priority,
    can_manage_users: bool(row.can_manage_users),
    can_manage_system: bool(row.can_manage_system),
    can_manage_network: bool(row.can_manage_network),
    can_view_all_data: bool(row.can_view_all_data),
    can_run_tools: bool(row.can_run_tools),
    can_manage_monitors: bool(row.can_manage_monitors),
    display_name: row.display_name,
    is_builtin: bool(row.is_builtin),
  };
}

export class RolesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async list(): Promise<Role[]> {
    const rows = await this.db.selectFrom('roles').selectAll().orderBy('priority').execute();
    return rows.map(toRole);
  }

  async find(name: string): Promise<Role | undefined> {
    const row = await this.db.selectFrom('roles').selectAll().where('name', '=', name).executeTakeFirst();
    return row && toRole(row);
  }

  async insert(role: Role, now: string): Promise<void> {
    await this.db.insertInto('roles').values({ ...role, created_at: now, updated_at: now }).execute();
  }

  async update(name: string, changes: Partial<Omit<Role, 'name' | 'is_builtin'>>, now: string): Promise<void> {
    await this.db.updateTable('roles').set({ ...changes, updated_at: now }).where('name', '=', name).execute();
  }

  async delete(name: string): Promise<void> {
    await this.db.deleteFrom('roles').where('name', '=', name).execute();
  }

  async maxPriority(): Promise<number> {
    const row = await this.db.selectFrom('roles').select((eb) => eb.fn.max('priority').as('max')).executeTakeFirst();
    return Number(row?.max ?? 5);
  }

  async priorityTaken(priority: number, exceptName?: string): Promise<boolean> {
    let q = this.db.selectFrom('roles').select('name').where('priority', '=', priority);
    if (exceptName) q = q.where('name', '<>', exceptName);
    return (await q.executeTakeFirst()) !== undefined;
  }

  async usersWithRole(name: string): Promise<number> {
    const row = await this.db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).where('role_name', '=', name).executeTakeFirst();
    return Number(row?.n ?? 0);
  }
}
