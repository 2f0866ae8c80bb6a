/**
 * Shapes that several modules answer with, registered once (`app.addSchema`) and referenced with `ref('<id>')`.
 * Each module's schemas file names them; app.ts registers them before any route.
 */
import { nullable, object, timestamp } from './schema-kit.js';

const flag = { type: 'boolean' } as const;

/** rest.md §1.2. */
export const roleProperties = {
  name: { type: 'string', examples: ['admin'] },
  description: { type: 'string' },
  priority: { type: 'integer', description: 'Lower is more privileged; unique.', examples: [2] },
  can_manage_users: flag,
  can_manage_system: flag,
  can_manage_network: flag,
  can_view_all_data: flag,
  can_run_tools: flag,
  display_name: { type: 'string', examples: ['Administrator'] },
  is_builtin: flag,
} as const;
export const RoleSchema = { $id: 'Role', description: 'A role and its permission flags (rest.md §1.2).', ...object(roleProperties) } as const;

/** rest.md §1.1. */
export const userProperties = {
  id: { type: 'integer', examples: [1] },
  username: { type: 'string', examples: ['alice'] },
  email: { type: 'string', examples: ['alice@example.com'] },
  first_name: { type: 'string' },
  last_name: { type: 'string' },
  is_active: flag,
  date_joined: timestamp,
  last_login: nullable(timestamp),
  profile_image: { ...nullable({ type: 'string' }), description: '`/api/users/<id>/profile-image/` when the user has an image.' },
  role: { type: 'string', description: 'The role name.', examples: ['user'] },
  role_details: { $ref: 'Role#' },
  is_staff: flag,
  is_superuser: flag,
} as const;
export const UserSchema = { $id: 'User', description: 'A user account (rest.md §1.1); never its password.', ...object(userProperties) } as const;

/** The components of the accounts modules (users, roles, auth). */
export const ACCOUNT_COMPONENTS = [RoleSchema, UserSchema] as const;
