/**
 * The contract of the users routes (rest.md §4). Request fields the hand validation checks (users.validation.ts)
 * are described here but not constrained: its messages, their order and the statuses are part of the contract.
 */
import { nullable, object, ref, timestamp } from '../../http/schema-kit.js';
import { userProperties } from '../../http/schema-components.js';

const noContent = { type: 'null', description: 'No content' } as const;
const detail = (text: string) => object({ detail: { type: 'string', examples: [text] } });
const byId = { params: object({ id: { type: 'string', description: 'User id (an integer; any other form answers 404).', examples: ['2'] } }) } as const;
const described = (description: string, examples?: unknown[]) => ({ description, ...(examples ? { examples } : {}) });

/** A user with the end of its login lockout (rest.md §3.8). */
const LockableUser = object({
  ...userProperties,
  locked_until: { ...nullable(timestamp), description: 'When the account\'s login lockout ends, null when not locked.' },
});

/** The identity fields of create, update and register; typed as the create route always checked them. */
const identityFields = {
  username: { type: 'string', examples: ['bob'] },
  email: { type: 'string', examples: ['bob@example.com'] },
  first_name: { type: 'string' },
  last_name: { type: 'string' },
} as const;

export const listUsersSchema = {
  querystring: {
    type: 'object',
    properties: {
      search: described('Case-insensitive substring of username, email, first or last name.'),
      role: described('Only users of this role.', ['viewer']),
      is_active: described('`true` or `false`.', ['true']),
    },
  },
  response: { 200: { type: 'array', items: LockableUser } },
} as const;

export const createUserSchema = {
  body: {
    type: 'object',
    properties: {
      ...identityFields, password: { type: 'string' }, role: { type: 'string', examples: ['user'] }, is_active: { type: 'boolean' },
    },
    examples: [{ username: 'bob', email: 'bob@example.com', password: 'a long passphrase', role: 'user' }],
  },
  response: { 201: ref('User') },
} as const;

export const meSchema = { response: { 200: ref('User') } } as const;
export const getUserSchema = { ...byId, response: { 200: ref('User') } } as const;

export const updateUserSchema = {
  ...byId,
  body: {
    type: 'object',
    properties: {
      username: described('3–30 letters, digits or @/./+/-/_.'),
      email: described('A unique email address.'),
      first_name: described('At most 150 characters.'),
      last_name: described('At most 150 characters.'),
      role: described('A role name (the rules of set_role apply).'),
      is_active: described('Boolean; only another user, and never the owner, can be deactivated.'),
    },
    examples: [{ first_name: 'Bob', last_name: 'Builder' }],
  },
  response: { 200: ref('User') },
} as const;

export const deleteUserSchema = { ...byId, response: { 204: noContent } } as const;

export const setRoleSchema = {
  ...byId,
  body: { type: 'object', properties: { role: described('The role name to assign.', ['manager']) }, examples: [{ role: 'manager' }] },
  response: { 200: ref('User') },
} as const;

export const transferOwnershipSchema = {
  ...byId,
  body: {
    type: 'object',
    properties: { previous_owner_role: described('The role the former owner takes (default `admin`; never `owner`).', ['admin']) },
  },
  response: { 200: object({ detail: { type: 'string', examples: ['Ownership transferred'] }, owner: ref('User'), previous_owner: ref('User') }) },
} as const;

export const unlockSchema = { ...byId, body: { type: 'object' }, response: { 200: LockableUser } } as const;

export const changePasswordSchema = {
  ...byId,
  body: {
    type: 'object',
    properties: {
      current_password: described('Required when changing one\'s own password.'),
      new_password: described('The new password (rest.md §3.7).'),
    },
    examples: [{ current_password: 'the old passphrase', new_password: 'a new long passphrase' }],
  },
  response: { 200: detail('Password changed successfully') },
} as const;

const imageBytes = { schema: { type: 'string', format: 'binary' } } as const;
export const getProfileImageSchema = {
  ...byId,
  response: {
    200: { description: 'The image bytes', content: { 'image/png': imageBytes, 'image/jpeg': imageBytes, 'image/webp': imageBytes } },
    304: { type: 'null', description: 'Not modified (If-None-Match)' },
  },
} as const;

export const uploadProfileImageSchema = {
  ...byId,
  // The handler reads the upload from the multipart stream; the validator sees no body of it (null).
  body: {
    content: {
      'multipart/form-data': { schema: nullable({ type: 'object', properties: { image: { description: 'A PNG, JPEG or WebP file.' } } }) },
    },
  },
  response: {
    200: object({
      detail: { type: 'string', examples: ['Profile image updated successfully'] },
      url: { type: 'string', examples: ['/api/users/2/profile-image/'] },
    }),
  },
} as const;

export const deleteProfileImageSchema = { ...byId, response: { 204: noContent } } as const;
