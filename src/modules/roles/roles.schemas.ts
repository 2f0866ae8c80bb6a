/**
 * The contract of the roles routes (rest.md §5). The fields of a custom role are described but not constrained:
 * the service checks them all at once and answers every failing field (rest.md §5.1).
 */
import { object, ref } from '../../http/schema-kit.js';

const byName = { params: object({ name: { type: 'string', examples: ['operator'] } }) } as const;
const roles = { type: 'array', items: ref('Role') } as const;
const described = (description: string) => ({ description });

const roleFields = {
  type: 'object',
  properties: {
    name: described('A lowercase letter, then 1–19 lowercase letters, digits, - or _ (create only).'),
    display_name: described('At most 50 characters.'),
    description: described('At most 255 characters.'),
    priority: described('Integer 6–999, unique; lower is more privileged.'),
    can_manage_users: described('Boolean.'),
    can_manage_system: described('Boolean.'),
    can_manage_network: described('Boolean.'),
    can_view_all_data: described('Boolean.'),
    can_run_tools: described('Boolean.'),
    can_manage_monitors: described('Boolean: monitors, maintenance windows, status pages and agents.'),
  },
  examples: [{ name: 'operator', display_name: 'Operator', priority: 10, can_manage_network: true, can_run_tools: true }],
} as const;

export const listRolesSchema = { response: { 200: roles } } as const;
export const getRoleSchema = { ...byName, response: { 200: ref('Role') } } as const;
export const createRoleSchema = { body: roleFields, response: { 201: ref('Role') } } as const;
export const updateRoleSchema = { ...byName, body: roleFields, response: { 200: ref('Role') } } as const;
export const deleteRoleSchema = { ...byName, response: { 204: { type: 'null', description: 'No content' } } } as const;
