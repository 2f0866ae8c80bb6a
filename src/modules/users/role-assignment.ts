import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { bool, nowIso } from '../../db/values.js';
import { isUniqueViolation } from '../../db/database.js';
import { badRequest, forbidden } from '../../errors.js';
import { outranks, type Principal } from '../../auth/permissions.js';
import type { EventBus } from '../../realtime/bus.js';
import type { RolesRepository } from '../../auth/accounts/roles.repository.js';
import type { UsersRepository, UserWithRole } from '../../auth/accounts/users.repository.js';
import { assertMayWriteUser } from './users.policy.js';

/** set_role and ownership transfer (rest.md §4.4–§4.5); ownership always moves in one transaction. */
export class RoleAssignment {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly users: UsersRepository,
    private readonly roles: RolesRepository,
    private readonly bus: EventBus,
  ) {}

  async setRole(p: Principal, target: UserWithRole, roleName: unknown): Promise<void> {
    if (typeof roleName !== 'string' || roleName.trim() === '') throw badRequest('Role name is required');
    const role = await this.roles.find(roleName);
    if (!role) throw badRequest(`Role '${roleName}' does not exist`);
    if (role.name === target.role.name) return;
    if (role.name === 'owner') {
      await this.transfer(p, target, 'admin');
      return;
    }
    if (target.user.id === p.userId) throw forbidden('You cannot change your own role');
    if (target.role.name === 'owner') throw badRequest('Cannot demote the system owner. Transfer ownership to another user first.');
    if (outranks(role, p.role)) {
      throw forbidden(role.name === 'admin' ? 'Only owners and admins can assign the admin role' : 'You cannot assign a role ranked above your own');
    }
    assertMayWriteUser(p, target.role);
    await this.users.update(target.user.id, { role_name: role.name, updated_at: nowIso() });
    this.bus.emit('userRoleChanged', { userId: target.user.id, role: role.name });
  }

  /**
   * CLI: the machine's operator sets a role. There is always exactly one owner: the owner's role cannot be taken
   * away, only handed on by making another active user the owner (the former owner becomes an admin).
   */
  async setRoleAsOperator(target: UserWithRole, roleName: string): Promise<void> {
    const role = await this.roles.find(roleName);
    if (!role) {
      const names = (await this.roles.list()).map((r) => r.name).join(', ');
      throw badRequest(`Role '${roleName}' does not exist (roles: ${names})`);
    }
    if (role.name === target.role.name) return;
    if (target.role.name === 'owner') {
      throw badRequest(`${target.user.username} is the system owner, and there must always be one. Make another user the owner first (everyst users set-role OTHER owner); ${target.user.username} then becomes an admin.`);
    }
    const now = nowIso();
    if (role.name !== 'owner') {
      await this.users.update(target.user.id, { role_name: role.name, updated_at: now });
      this.bus.emit('userRoleChanged', { userId: target.user.id, role: role.name });
      return;
    }
    if (!bool(target.user.is_active)) throw badRequest('Ownership can only be transferred to an active user');
    const owners = await this.users.list({ role: 'owner' });
    await this.db.transaction().execute(async (trx) => {
      for (const owner of owners) await this.users.update(owner.user.id, { role_name: 'admin', updated_at: now }, trx);
      await this.users.update(target.user.id, { role_name: 'owner', updated_at: now }, trx);
    });
    for (const owner of owners) this.bus.emit('userRoleChanged', { userId: owner.user.id, role: 'admin' });
    this.bus.emit('userRoleChanged', { userId: target.user.id, role: 'owner' });
  }

  /** The owner hands ownership to another active user; the former owner takes `previousOwnerRole`. */
  async transfer(p: Principal, target: UserWithRole, previousOwnerRole: string): Promise<void> {
    const notOwner = () => forbidden('Only owners can assign the owner role');
    if (p.role.name !== 'owner') throw notOwner();
    if (target.user.id === p.userId) throw badRequest('You already own the system');
    if (!bool(target.user.is_active)) throw badRequest('Ownership can only be transferred to an active user');
    const now = nowIso();
    try {
      await this.db.transaction().execute(async (trx) => {
        // A concurrent transfer may have moved ownership since this request authenticated.
        if ((await this.users.roleNameOf(p.userId, trx)) !== 'owner') throw notOwner();
        await this.users.update(p.userId, { role_name: previousOwnerRole, updated_at: now }, trx);
        await this.users.update(target.user.id, { role_name: 'owner', updated_at: now }, trx);
      });
    } catch (e) {
      // The single-owner index refused a second owner: another transfer committed first.
      if (isUniqueViolation(e)) throw notOwner();
      throw e;
    }
    this.bus.emit('userRoleChanged', { userId: p.userId, role: previousOwnerRole });
    this.bus.emit('userRoleChanged', { userId: target.user.id, role: 'owner' });
  }

  async transferOwnership(p: Principal, target: UserWithRole, body: Record<string, unknown>) {
    if (p.role.name !== 'owner') throw forbidden('Only owners can assign the owner role');
    const previous = body.previous_owner_role ?? 'admin';
    if (typeof previous !== 'string' || previous === 'owner' || !(await this.roles.find(previous))) {
      throw badRequest(`Role '${String(previous)}' cannot be given to the previous owner`);
    }
    await this.transfer(p, target, previous);
  }
}
