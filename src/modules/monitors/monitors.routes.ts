import type { FastifyRequest } from 'fastify';
import { caller, type RouteDef } from '../../http/routes.js';
import { pageOf } from '../../http/pagination.js';
import { FieldErrorCollector, notFound } from '../../errors.js';
import { ReplyCache } from '../../http/reply-cache.js';
import { hasPermission } from '../../auth/permissions.js';
import { monitorFilters } from './monitor-list.js';
import type { MonitorsService } from './monitors.service.js';
import * as s from './monitors.schemas.js';

const body = (r: FastifyRequest) => (r.body ?? {}) as Record<string, unknown>;
const idOf = (r: FastifyRequest) => (r.params as { id: string }).id;
const tags = ['monitors'];
const manage = 'can_manage_monitors' as const;

/** `since`/`until` as ISO times and `important` as a boolean; a bad one answers 400 naming it. */
function heartbeatFilters(query: Record<string, unknown>) {
  const errors = new FieldErrorCollector();
  const time = (field: string) => {
    const v = query[field];
    if (v === undefined || v === '') return undefined;
    const ms = typeof v === 'string' ? Date.parse(v) : NaN;
    if (!Number.isFinite(ms)) errors.add(field, 'Enter a valid date/time.');
    return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
  };
  const filters = { since: time('since'), until: time('until'), important: query.important === undefined ? undefined : ['true', '1'].includes(String(query.important)) };
  errors.throwIfAny();
  return filters;
}

/** The list is served from a reply at most this old (statuses and results change by the second; edits at once). */
const LIST_MAX_AGE_MS = 1000;
const JSON_TYPE = 'application/json; charset=utf-8';

export function monitorsRoutes({ monitors, trustProxy }: { monitors: MonitorsService; trustProxy: boolean }): RouteDef[] {
  const listCache = new ReplyCache(64, LIST_MAX_AGE_MS);
  return [
    {
      method: 'GET', path: 'monitors', permission: 'any', tags, summary: 'Monitors, by name', schema: s.listMonitorsSchema,
      handler: async (r, reply) => {
        const p = caller(r);
        // What the page depends on: its URL, the host its links name, and whether push tokens show.
        const forwarded = trustProxy ? `${String(r.headers['x-forwarded-proto'])}|${String(r.headers['x-forwarded-host'])}` : '';
        const key = `${hasPermission(p, 'can_manage_monitors')}|${r.protocol}|${r.headers.host}|${forwarded}|${r.url}`;
        const version = monitors.version();
        const cached = listCache.get(key, version);
        if (cached !== undefined) return reply.type(JSON_TYPE).send(cached);
        const page = await pageOf(r, trustProxy, (window) => monitors.list(p, monitorFilters(r.query as Record<string, unknown>), window));
        const body = reply.serialize(page) as string;
        listCache.set(key, version, body);
        return reply.type(JSON_TYPE).send(body);
      },
    },
    {
      method: 'POST', path: 'monitors', permission: manage, tags, summary: 'Create a monitor (its first check starts within 1 s)', schema: s.createMonitorSchema,
      handler: async (r, reply) => reply.code(201).send(await monitors.create(caller(r), body(r))),
    },
    { method: 'GET', path: 'monitors/summary', permission: 'any', tags, summary: 'How many monitors are in each status', schema: s.summarySchema, handler: async () => monitors.summary() },
    { method: 'GET', path: 'monitors/:id', permission: 'any', tags, summary: 'One monitor', schema: s.getMonitorSchema, handler: async (r) => monitors.get(caller(r), idOf(r)) },
    {
      method: 'PUT', path: 'monitors/:id', permission: manage, tags, summary: 'Replace a monitor', schema: s.updateMonitorSchema,
      handler: async (r) => monitors.update(caller(r), idOf(r), body(r), true),
    },
    {
      method: 'PATCH', path: 'monitors/:id', permission: manage, tags, summary: 'Change fields of a monitor', schema: s.updateMonitorSchema,
      handler: async (r) => monitors.update(caller(r), idOf(r), body(r), false),
    },
    {
      method: 'DELETE', path: 'monitors/:id', permission: manage, tags, summary: 'Delete a monitor and its heartbeats', schema: s.deleteMonitorSchema,
      handler: async (r, reply) => {
        await monitors.delete(idOf(r));
        return reply.code(204).send();
      },
    },
    {
      method: 'POST', path: 'monitors/:id/pause', permission: manage, tags, summary: 'Pause a monitor', schema: s.monitorActionSchema,
      handler: async (r) => monitors.setActive(caller(r), idOf(r), false),
    },
    {
      method: 'POST', path: 'monitors/:id/resume', permission: manage, tags, summary: 'Resume a monitor', schema: s.monitorActionSchema,
      handler: async (r) => monitors.setActive(caller(r), idOf(r), true),
    },
    {
      method: 'POST', path: 'monitors/:id/check', permission: manage, tags, summary: 'Run one check now', schema: s.checkNowSchema,
      handler: async (r) => monitors.checkNow(idOf(r)),
    },
    {
      method: 'GET', path: 'monitors/:id/heartbeats', permission: 'any', tags, summary: 'Heartbeats, newest first', schema: s.heartbeatsSchema,
      handler: async (r) => pageOf(r, trustProxy, (window) => monitors.heartbeats(idOf(r), heartbeatFilters(r.query as Record<string, unknown>), window)),
    },
    { method: 'GET', path: 'monitors/:id/uptime', permission: 'any', tags, summary: 'Uptime and response times over 24 h, 7, 30 and 365 days', schema: s.uptimeRouteSchema, handler: async (r) => monitors.uptime(idOf(r)) },
    {
      method: 'GET', path: 'monitors/:id/incidents', permission: 'any', tags, summary: 'Down periods, newest first', schema: s.incidentsSchema,
      handler: async (r) => pageOf(r, trustProxy, (window) => monitors.incidents(idOf(r), window)),
    },
    ...(['GET', 'POST'] as const).map((method): RouteDef => ({
      method, path: 'push/:token', permission: 'public', tags, summary: 'Heartbeat of a push monitor (the token is the secret)',
      schema: method === 'GET' ? s.pushSchema : s.pushPostSchema,
      handler: async (r) => {
        if (!monitors.push((r.params as { token: string }).token, r.query as { status?: string; msg?: string; ping?: string })) throw notFound();
        return { ok: true };
      },
    })),
  ];
}
