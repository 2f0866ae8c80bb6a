import { nowIso } from '../../db/values.js';
import { FieldErrorCollector, conflict, forbidden, notFound, validationError } from '../../errors.js';
import { isUniqueViolation } from '../../db/database.js';
import { outranks, PERMISSION_FLAGS, type Principal, type Role } from '../../auth/permissions.js';
import { BUILTIN_ROLE_NAMES } from '../../db/seeds.js';
import type { RolesRepository } from '../../auth/accounts/roles.repository.js';

const NAME = /^[a-z][a-z0-9_-]{1,19}$/;
const RESERVED = new Set([...BUILTIN_ROLE_NAMES, 'default_roles', 'default-roles']);
const NAME_TAKEN = 'A role with this name already exists.';
const PRIORITY_TAKEN = 'A role with this priority already exists.';

/** Custom roles (rest.md §5.1, roles.md §3). */
export class RolesService {
  constructor(private readonly roles: RolesRepository) {}

  /** Every role, most privileged first. */
  async list(): Promise<Role[]> {
    return this.roles.list();
  }

  /** The five built-in roles. */
  async defaults(): Promise<Role[]> {
    return (await this.roles.list()).filter((r) => r.is_builtin);
  }

  async get(name: string): Promise<Role> {
    const role = await this.roles.find(name);
    if (!role) throw notFound();
    return role;
  }

  async create(p: Principal, body: Record<string, unknown>): Promise<Role> {
    const errors = new FieldErrorCollector();
    const name = body.name;
    if (typeof name !== 'string' || !name) errors.add('name', 'This field is required.');
    else if (!NAME.test(name)) errors.add('name', 'Enter a valid role name: a lowercase letter, then 1–19 lowercase letters, digits, - or _.');
    else if (RESERVED.has(name)) errors.add('name', 'This name is reserved.');
    else if (await this.roles.find(name)) errors.add('name', NAME_TAKEN);
    const fields = await this.checkFields(body, errors, undefined);
    errors.throwIfAny();
    // A concurrent create may take the name or the default priority between the checks and the insert.
    for (let attempt = 1; ; attempt++) {
      const priority = fields.priority ?? Math.max(5, await this.roles.maxPriority()) + 1;
      const role: Role = {
        name: name as string,
        description: fields.description ?? '',
        priority,
        can_manage_users: fields.flags.can_manage_users ?? false,
        can_manage_system: fields.flags.can_manage_system ?? false,
        can_manage_network: fields.flags.can_manage_network ?? false,
        can_view_all_data: fields.flags.can_view_all_data ?? false,
        can_run_tools: fields.flags.can_run_tools ?? false,
        can_manage_monitors: fields.flags.can_manage_monitors ?? false,
        display_name: fields.display_name ?? (name as string).charAt(0).toUpperCase() + (name as string).slice(1),
        is_builtin: false,
      };
      this.assertMayGrant(p, role);
      try {
        await this.roles.insert(role, nowIso());
        return role;
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        if (await this.roles.find(role.name)) throw validationError({ name: [NAME_TAKEN] });
        if (fields.priority !== undefined || attempt >= 5) throw validationError({ priority: [PRIORITY_TAKEN] });
      }
    }
  }

  async update(p: Principal, name: string, body: Record<string, unknown>): Promise<Role> {
    const current = await this.get(name);
    if (current.is_builtin) throw forbidden('Built-in roles cannot be modified');
    const errors = new FieldErrorCollector();
    const fields = await this.checkFields(body, errors, name);
    errors.throwIfAny();
    const next: Role = { ...current, ...fields.flags };
    if (fields.priority !== undefined) next.priority = fields.priority;
    if (fields.description !== undefined) next.description = fields.description;
    if (fields.display_name !== undefined) next.display_name = fields.display_name;
    if (outranks(current, p.role)) throw forbidden('You cannot assign a role ranked above your own');
    this.assertMayGrant(p, next);
    const { name: _n, is_builtin: _b, ...changes } = next;
    try {
      await this.roles.update(name, changes, nowIso());
    } catch (e) {
      if (isUniqueViolation(e)) throw validationError({ priority: [PRIORITY_TAKEN] });
      throw e;
    }
    return next;
  }

  async delete(name: string): Promise<void> {
    const role = await this.get(name);
    if (role.is_builtin) throw forbidden('Built-in roles cannot be deleted');
    const n = await this.roles.usersWithRole(name);
    if (n > 0) throw conflict(`Role '${name}' is assigned to ${n} users`);
    await this.roles.delete(name);
  }

  private assertMayGrant(p: Principal, role: Role): void {
    if (outranks(role, p.role)) throw forbidden('You cannot assign a role ranked above your own');
    for (const flag of PERMISSION_FLAGS) if (role[flag] && !p.role[flag]) throw forbidden('You cannot grant a permission you do not have');
  }

  private async checkFields(body: Record<string, unknown>, errors: FieldErrorCollector, exceptName: string | undefined) {
    const out: { description?: string; display_name?: string; priority?: number; flags: Partial<Record<(typeof PERMISSION_FLAGS)[number], boolean>> } = { flags: {} };
    for (const [field, max] of [['display_name', 50], ['description', 255]] as const) {
      const v = body[field];
      if (v === undefined) continue;
      if (typeof v !== 'string') errors.add(field, 'Not a valid string.');
      else if (v.length > max) errors.add(field, `Ensure this field has no more than ${max} characters.`);
      else out[field] = v;
    }
    if (body.priority !== undefined) {
      const v = body.priority;
      if (typeof v !== 'number' || !Number.isInteger(v)) errors.add('priority', 'A valid integer is required.');
      else if (v < 6 || v > 999) errors.add('priority', 'Ensure this value is between 6 and 999.');
      else if (await this.roles.priorityTaken(v, exceptName)) errors.add('priority', PRIORITY_TAKEN);
      else out.priority = v;
    }
    for (const flag of PERMISSION_FLAGS) {
      const v = body[flag];
      if (v === undefined) continue;
      if (typeof v !== 'boolean') errors.add(flag, 'Must be a valid boolean.');
      else out.flags[flag] = v;
    }
    return out;
  }
}
