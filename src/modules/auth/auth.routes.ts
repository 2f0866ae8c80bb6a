import type { FastifyRequest } from 'fastify';
import type { RouteDef } from '../../http/routes.js';
import { caller } from '../../http/routes.js';
import type { AppContext } from '../../context.js';
import type { ClientInfo } from '../../auth/auth.service.js';
import { bearerToken } from '../../auth/authenticate.js';
import { notFound } from '../../errors.js';
import { isUuid, wireTime } from '../../db/values.js';
import { pageRequest, paginate } from '../../http/pagination.js';
import { bool } from '../../db/values.js';

export const clientInfo = (request: FastifyRequest): ClientInfo => ({
  ip: request.ip ?? null,
  userAgent: typeof request.headers['user-agent'] === 'string' ? request.headers['user-agent'] : null,
});

const body = (request: FastifyRequest) => request.body as Record<string, unknown>;
const Registration = {
  type: 'object',
  required: ['username', 'email', 'password'],
  properties: {
    username: { type: 'string' }, email: { type: 'string' }, password: { type: 'string' },
    first_name: { type: 'string' }, last_name: { type: 'string' },
  },
};

export function authRoutes(ctx: AppContext): RouteDef[] {
  const auth = ctx.services.auth;
  return [
    {
      method: 'GET', path: 'auth/first-run', permission: 'public', tags: ['auth'], summary: 'Whether any user exists (204 when none)',
      handler: async (_req, reply) => ((await auth.firstRun()) ? { users_exist: true } : reply.code(204).send()),
    },
    {
      method: 'POST', path: 'auth/register', permission: 'public', tags: ['auth'], summary: 'First-run registration of the owner',
      schema: { body: Registration },
      handler: async (request, reply) => reply.code(201).send(await auth.register(body(request), clientInfo(request))),
    },
    {
      method: 'POST', path: 'auth/login', permission: 'public', tags: ['auth'], summary: 'Log in: access and refresh tokens',
      handler: async (request) => auth.login(body(request), clientInfo(request)),
    },
    {
      method: 'POST', path: 'auth/refresh', permission: 'public', tags: ['auth'], summary: 'New access token from a refresh token',
      handler: async (request) => auth.refresh(body(request)),
    },
    {
      method: 'POST', path: 'auth/logout', permission: 'public', tags: ['auth'], summary: 'Revoke a session (refresh token or Bearer)',
      handler: async (request) => {
        const token = bearerToken(request.headers.authorization);
        const { refresh } = body(request);
        // A client logging out often still sends its expired access token: the refresh token alone then decides,
        // or the session it names would stay alive.
        const principal = token
          ? await ctx.authenticator.fromToken(token).catch((e: unknown) => {
            if (typeof refresh === 'string' && refresh !== '') return null;
            throw e;
          })
          : null;
        return auth.logout(body(request), principal);
      },
    },
    {
      method: 'POST', path: 'auth/logout-all', permission: 'any', tags: ['auth'], summary: 'Revoke every session of the caller',
      handler: async (request) => auth.logoutAll(caller(request)),
    },
    {
      method: 'GET', path: 'auth/check-users', permission: 'any', tags: ['auth'],
      handler: async () => ({ users_exist: true, user_count: await ctx.repos.users.count() }),
    },
    {
      method: 'GET', path: 'auth/sessions', permission: 'any', tags: ['auth'], summary: "The caller's active sessions",
      handler: async (request) => {
        const p = caller(request);
        const page = pageRequest(request.query as Record<string, unknown>);
        const all = await ctx.repos.sessions.listActive(p.userId, new Date().toISOString());
        const results = all.slice(page.offset, page.offset + page.pageSize).map((s) => ({
          id: s.id, created_at: wireTime(s.created_at), last_used_at: wireTime(s.last_used_at), expires_at: wireTime(s.expires_at),
          ip_address: s.ip_address, user_agent: s.user_agent, current: s.id === p.sessionId,
        }));
        return paginate(request, ctx.config.trustProxy, page, all.length, results);
      },
    },
    {
      method: 'DELETE', path: 'auth/sessions/:id', permission: 'any', tags: ['auth'], summary: 'Revoke one of your sessions',
      handler: async (request, reply) => {
        const { id } = request.params as { id: string };
        if (!isUuid(id) || !(await auth.revokeOwnSession(caller(request), id.toLowerCase()))) throw notFound();
        return reply.code(204).send();
      },
    },
    {
      method: 'GET', path: 'auth/login-attempts', permission: 'can_view_all_data', tags: ['auth'], summary: 'Login attempt log',
      handler: async (request) => {
        const q = request.query as Record<string, string | undefined>;
        const page = pageRequest(q);
        const since = q.since && !Number.isNaN(Date.parse(q.since)) ? new Date(q.since).toISOString() : undefined;
        const { count, rows } = await ctx.repos.loginAttempts.list({
          username: q.username, ipAddress: q.ip_address, since,
          wasSuccessful: q.was_successful === 'true' ? true : q.was_successful === 'false' ? false : undefined,
        }, page.pageSize, page.offset);
        const results = rows.map((r) => ({
          id: r.id, username: r.username, ip_address: r.ip_address, user_agent: r.user_agent, timestamp: wireTime(r.timestamp),
          was_successful: bool(r.was_successful), outcome: r.outcome,
        }));
        return paginate(request, ctx.config.trustProxy, page, count, results);
      },
    },
  ];
}
