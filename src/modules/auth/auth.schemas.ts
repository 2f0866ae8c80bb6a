/**
 * The contract of the auth routes (rest.md §3). Login, refresh and logout check their fields by hand: a missing
 * and a mistyped field answer the same "This field is required." there, and a failed login is recorded first.
 */
import { nullable, object, ref, timestamp } from '../../http/schema-kit.js';

const described = (description: string, examples?: unknown[]) => ({ description, ...(examples ? { examples } : {}) });
const jwt = { type: 'string', description: 'A JWT (rest.md §3.1).', examples: ['eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.e30.c2lnbmF0dXJl'] } as const;
const detail = (text: string) => ({ type: 'string', examples: [text] }) as const;
const pageOf = (item: Record<string, unknown>) => object({
  count: { type: 'integer', minimum: 0 },
  next: nullable({ type: 'string' }),
  previous: nullable({ type: 'string' }),
  results: { type: 'array', items: item },
});
const pageQuery = {
  page: described('1-based page number.', ['1']),
  page_size: described('1–500, default 50.', ['50']),
} as const;

export const firstRunSchema = {
  response: {
    200: object({ users_exist: { type: 'boolean', enum: [true] } }),
    204: { type: 'null', description: 'No user exists yet' },
  },
} as const;

export const registerSchema = {
  // As the route always validated it; the field rules beyond presence and type are checked by the users module.
  body: {
    type: 'object',
    required: ['username', 'email', 'password'],
    properties: {
      username: { type: 'string' }, email: { type: 'string' }, password: { type: 'string' },
      first_name: { type: 'string' }, last_name: { type: 'string' },
    },
    examples: [{ username: 'alice', email: 'alice@example.com', password: 'a long passphrase' }],
  },
  response: { 201: object({ refresh: jwt, access: jwt, user: ref('User'), is_owner: { type: 'boolean', enum: [true] } }) },
} as const;

export const loginSchema = {
  body: {
    type: 'object',
    properties: {
      username: described('Username or email, case-insensitive.', ['alice']),
      password: described('The password.'),
    },
    examples: [{ username: 'alice', password: 'a long passphrase' }],
  },
  response: { 200: object({ refresh: jwt, access: jwt, password_expired: { type: 'boolean' }, user: ref('User') }) },
} as const;

export const refreshSchema = {
  body: { type: 'object', properties: { refresh: described('A refresh token.') }, examples: [{ refresh: jwt.examples[0] }] },
  response: { 200: object({ access: jwt, refresh: jwt }) },
} as const;

export const logoutSchema = {
  body: { type: 'object', properties: { refresh: described('The refresh token of the session to end (optional with a Bearer token).') } },
  response: { 200: object({ detail: detail('Logout successful, token has been blacklisted') }) },
} as const;

export const logoutAllSchema = {
  body: { type: 'object' },
  response: { 200: object({ detail: detail('Successfully logged out from all devices'), revoked_sessions: { type: 'integer', minimum: 0 } }) },
} as const;

export const checkUsersSchema = {
  response: { 200: object({ users_exist: { type: 'boolean', enum: [true] }, user_count: { type: 'integer', minimum: 0 } }) },
} as const;

const Session = object({
  id: { type: 'string', format: 'uuid' },
  created_at: timestamp,
  last_used_at: timestamp,
  expires_at: timestamp,
  ip_address: nullable({ type: 'string' }),
  user_agent: nullable({ type: 'string' }),
  current: { type: 'boolean', description: 'The session of this request.' },
});

export const sessionsSchema = {
  querystring: { type: 'object', properties: pageQuery },
  response: { 200: pageOf(Session) },
} as const;

export const revokeSessionSchema = {
  params: object({ id: { type: 'string', description: 'Session id (UUID; any other form answers 404).' } }),
  response: { 204: { type: 'null', description: 'Revoked' } },
} as const;

const LoginAttempt = object({
  id: { type: 'integer' },
  username: { type: 'string', description: 'As typed.' },
  ip_address: nullable({ type: 'string' }),
  user_agent: nullable({ type: 'string' }),
  timestamp,
  was_successful: { type: 'boolean' },
  outcome: { type: 'string', enum: ['success', 'invalid_credentials', 'inactive', 'locked_out', 'invalid_request'] },
});

export const loginAttemptsSchema = {
  querystring: {
    type: 'object',
    properties: {
      ...pageQuery,
      username: described('Exact, case-insensitive.'),
      ip_address: described('Exact.'),
      was_successful: described('`true` or `false`.'),
      since: described('Only attempts at or after this timestamp.'),
    },
  },
  response: { 200: pageOf(LoginAttempt) },
} as const;
