import type { FastifyRequest } from 'fastify';
import { caller, type RouteDef } from '../../../http/routes.js';
import { pageOf } from '../../../http/pagination.js';
import type { MaintenanceService } from './maintenance.service.js';
import * as s from './maintenance.schemas.js';

const body = (r: FastifyRequest) => (r.body ?? {}) as Record<string, unknown>;
const idOf = (r: FastifyRequest) => (r.params as { id: string }).id;
const manage = 'can_manage_monitors' as const;
const tags = ['monitors'];

/** Maintenance windows (monitoring.md §3). */
export function maintenanceRoutes({ maintenance, trustProxy }: { maintenance: MaintenanceService; trustProxy: boolean }): RouteDef[] {
  return [
    { method: 'GET', path: 'maintenance', permission: 'any', tags, summary: 'Maintenance windows', schema: s.listWindowsSchema, handler: async (r) => pageOf(r, trustProxy, (window) => maintenance.list(window)) },
    {
      method: 'POST', path: 'maintenance', permission: manage, tags, summary: 'Create a maintenance window', schema: s.createWindowSchema,
      handler: async (r, reply) => reply.code(201).send(await maintenance.create(caller(r), body(r))),
    },
    { method: 'GET', path: 'maintenance/:id', permission: 'any', tags, summary: 'One maintenance window', schema: s.getWindowSchema, handler: async (r) => maintenance.get(idOf(r)) },
    { method: 'PUT', path: 'maintenance/:id', permission: manage, tags, summary: 'Replace a maintenance window', schema: s.updateWindowSchema, handler: async (r) => maintenance.update(idOf(r), body(r), true) },
    { method: 'PATCH', path: 'maintenance/:id', permission: manage, tags, summary: 'Change a maintenance window', schema: s.updateWindowSchema, handler: async (r) => maintenance.update(idOf(r), body(r), false) },
    {
      method: 'DELETE', path: 'maintenance/:id', permission: manage, tags, summary: 'Delete a maintenance window', schema: s.deleteWindowSchema,
      handler: async (r, reply) => {
        await maintenance.delete(idOf(r));
        return reply.code(204).send();
      },
    },
  ];
}
