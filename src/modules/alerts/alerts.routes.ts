import type { FastifyRequest } from 'fastify';
import { caller, type RouteDef } from '../../http/routes.js';
import { pageOf } from '../../http/pagination.js';
import type { AlertRulesService } from './alert-rules.service.js';
import type { AlertsService } from './alerts.service.js';
import { alertFilters } from './alerts.validation.js';
import * as s from './alerts.schemas.js';

const body = (r: FastifyRequest) => r.body as Record<string, unknown>;
const idOf = (r: FastifyRequest) => (r.params as { id: string }).id;
const tags = ['alerts'];
const manage = 'can_manage_system' as const;

export interface AlertsRoutesDeps { alerts: AlertsService; rules: AlertRulesService; trustProxy: boolean }

export function alertsRoutes({ alerts, rules, trustProxy }: AlertsRoutesDeps): RouteDef[] {
  return [
    {
      method: 'GET', path: 'alerts', permission: 'any', tags, summary: 'Alerts, newest first', schema: s.listAlertsSchema,
      // The page is read before the filters: a bad page answers 404 before a bad filter answers 400.
      handler: async (r) => pageOf(r, trustProxy, (window) => alerts.list(alertFilters(r.query as Record<string, unknown>), window)),
    },
    {
      method: 'POST', path: 'alerts', permission: manage, tags, summary: 'Create a manual alert', schema: s.createAlertSchema,
      handler: async (r, reply) => reply.code(201).send(await alerts.create(caller(r), body(r))),
    },
    { method: 'GET', path: 'alerts/:id', permission: 'any', tags, summary: 'One alert', schema: s.getAlertSchema, handler: async (r) => alerts.get(idOf(r)) },
    {
      method: 'PUT', path: 'alerts/:id', permission: manage, tags, summary: 'Replace the writable fields of an alert', schema: s.updateAlertSchema,
      handler: async (r) => alerts.update(caller(r), idOf(r), body(r), true),
    },
    {
      method: 'PATCH', path: 'alerts/:id', permission: manage, tags, summary: 'Change writable fields of an alert', schema: s.updateAlertSchema,
      handler: async (r) => alerts.update(caller(r), idOf(r), body(r), false),
    },
    {
      method: 'DELETE', path: 'alerts/:id', permission: manage, tags, summary: 'Delete an alert', schema: s.deleteAlertSchema,
      handler: async (r, reply) => {
        await alerts.delete(idOf(r));
        return reply.code(204).send();
      },
    },
    {
      method: 'POST', path: 'alerts/:id/acknowledge', permission: manage, tags, summary: 'Acknowledge an alert', schema: s.alertActionSchema,
      handler: async (r) => alerts.acknowledge(caller(r), idOf(r)),
    },
    {
      method: 'POST', path: 'alerts/:id/resolve', permission: manage, tags, summary: 'Resolve an alert', schema: s.alertActionSchema,
      handler: async (r) => alerts.resolve(idOf(r)),
    },

    {
      method: 'GET', path: 'alert-rules', permission: 'any', tags, summary: 'Threshold alert rules by name', schema: s.listRulesSchema,
      handler: async (r) => pageOf(r, trustProxy, (window) => rules.list(window)),
    },
    {
      method: 'POST', path: 'alert-rules', permission: manage, tags, summary: 'Create a threshold rule', schema: s.createRuleSchema,
      handler: async (r, reply) => reply.code(201).send(await rules.create(caller(r), body(r))),
    },
    { method: 'GET', path: 'alert-rules/:id', permission: 'any', tags, summary: 'One alert rule', schema: s.getRuleSchema, handler: async (r) => rules.get(idOf(r)) },
    {
      method: 'PUT', path: 'alert-rules/:id', permission: manage, tags, summary: 'Replace a rule', schema: s.updateRuleSchema,
      handler: async (r) => rules.update(idOf(r), body(r), true),
    },
    {
      method: 'PATCH', path: 'alert-rules/:id', permission: manage, tags, summary: 'Change a rule', schema: s.updateRuleSchema,
      handler: async (r) => rules.update(idOf(r), body(r), false),
    },
    {
      method: 'DELETE', path: 'alert-rules/:id', permission: manage, tags, summary: 'Delete a rule (built-in rules cannot be)', schema: s.deleteRuleSchema,
      handler: async (r, reply) => {
        await rules.delete(idOf(r));
        return reply.code(204).send();
      },
    },
  ];
}
