import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { caller, type RouteDef } from '../../http/routes.js';
import { presentAlert } from './alerts.presenter.js';

const body = (r: FastifyRequest) => r.body as Record<string, unknown>;
const idOf = (r: FastifyRequest) => (r.params as { id: string }).id;

export function alertsRoutes(ctx: AppContext): RouteDef[] {
  const alerts = ctx.services.alerts;
  const rules = alerts.rules;
  const trustProxy = ctx.config.trustProxy;
  const tags = ['alerts'];
  const manage = 'can_manage_system' as const;
  return [
    { method: 'GET', path: 'alerts', permission: 'any', tags, summary: 'Alerts, newest first', handler: async (r) => alerts.list(r, trustProxy) },
    {
      method: 'POST', path: 'alerts', permission: manage, tags, summary: 'Create a manual alert',
      handler: async (r, reply) => reply.code(201).send(await alerts.create(caller(r), body(r))),
    },
    { method: 'GET', path: 'alerts/:id', permission: 'any', tags, handler: async (r) => presentAlert(await alerts.find(idOf(r))) },
    { method: 'PUT', path: 'alerts/:id', permission: manage, tags, handler: async (r) => alerts.update(caller(r), idOf(r), body(r), true) },
    { method: 'PATCH', path: 'alerts/:id', permission: manage, tags, handler: async (r) => alerts.update(caller(r), idOf(r), body(r), false) },
    {
      method: 'DELETE', path: 'alerts/:id', permission: manage, tags,
      handler: async (r, reply) => {
        await alerts.delete(idOf(r));
        return reply.code(204).send();
      },
    },
    { method: 'POST', path: 'alerts/:id/acknowledge', permission: manage, tags, handler: async (r) => alerts.acknowledge(caller(r), idOf(r)) },
    { method: 'POST', path: 'alerts/:id/resolve', permission: manage, tags, handler: async (r) => alerts.resolve(idOf(r)) },

    { method: 'GET', path: 'alert-rules', permission: 'any', tags, summary: 'Threshold alert rules by name', handler: async (r) => rules.list(r, trustProxy) },
    {
      method: 'POST', path: 'alert-rules', permission: manage, tags, summary: 'Create a threshold rule',
      handler: async (r, reply) => reply.code(201).send(await rules.create(caller(r), body(r))),
    },
    { method: 'GET', path: 'alert-rules/:id', permission: 'any', tags, handler: async (r) => rules.get(idOf(r)) },
    { method: 'PUT', path: 'alert-rules/:id', permission: manage, tags, handler: async (r) => rules.update(idOf(r), body(r), true) },
    { method: 'PATCH', path: 'alert-rules/:id', permission: manage, tags, handler: async (r) => rules.update(idOf(r), body(r), false) },
    {
      method: 'DELETE', path: 'alert-rules/:id', permission: manage, tags,
      handler: async (r, reply) => {
        await rules.delete(idOf(r));
        return reply.code(204).send();
      },
    },
  ];
}
