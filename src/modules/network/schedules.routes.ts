import type { FastifyRequest } from 'fastify';
import { pageOf } from '../../http/pagination.js';
import type { RouteDef } from '../../http/routes.js';
import { presentSchedule } from './inventory.presenter.js';
import {
  createScheduleSchema, deleteScheduleSchema, listSchedulesSchema, scheduleSchema, updateScheduleSchema,
} from './inventory.schemas.js';
import type { NetworkServices } from './network.module.js';
import type { NetworkRouteOptions } from './network.routes.js';

const body = (r: FastifyRequest) => r.body as Record<string, unknown>;
const idOf = (r: FastifyRequest) => (r.params as { id: string }).id;

/** docs/inventory.md, scan schedules. */
export function schedulesRoutes(network: NetworkServices, { trustProxy }: NetworkRouteOptions): RouteDef[] {
  const { schedules } = network;
  const tags = ['network'];
  const manage = 'can_manage_network' as const;
  return [
    {
      method: 'GET', path: 'network/schedules', permission: 'any', tags, summary: 'Scan schedules, by name', schema: listSchedulesSchema,
      handler: async (r) => pageOf(r, trustProxy, (window) => schedules.list(window)),
    },
    {
      method: 'POST', path: 'network/schedules', permission: manage, tags, summary: 'Schedule a recurring scan', schema: createScheduleSchema,
      handler: async (r, reply) => reply.code(201).send(await schedules.create(body(r))),
    },
    {
      method: 'GET', path: 'network/schedules/:id', permission: 'any', tags, summary: 'One scan schedule', schema: scheduleSchema,
      handler: async (r) => presentSchedule(await schedules.find(idOf(r))),
    },
    {
      method: 'PUT', path: 'network/schedules/:id', permission: manage, tags, summary: 'Replace a scan schedule', schema: updateScheduleSchema,
      handler: async (r) => schedules.update(idOf(r), body(r), 'put'),
    },
    {
      method: 'PATCH', path: 'network/schedules/:id', permission: manage, tags, summary: 'Change some fields of a scan schedule', schema: updateScheduleSchema,
      handler: async (r) => schedules.update(idOf(r), body(r), 'patch'),
    },
    {
      method: 'DELETE', path: 'network/schedules/:id', permission: manage, tags, summary: 'Delete a scan schedule', schema: deleteScheduleSchema,
      handler: async (r, reply) => {
        await schedules.delete(idOf(r));
        return reply.code(204).send();
      },
    },
  ];
}
