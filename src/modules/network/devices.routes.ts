import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { caller, type RouteDef } from '../../http/routes.js';
import { presentDevice } from './network.presenter.js';
import { startResponse } from './scans.routes.js';

const body = (r: FastifyRequest) => r.body as Record<string, unknown>;
const idOf = (r: FastifyRequest) => (r.params as { id: string }).id;

/** rest.md §8.1–§8.3. */
export function devicesRoutes(ctx: AppContext): RouteDef[] {
  const { devices, scans } = ctx.services.network;
  const tags = ['network'];
  const manage = 'can_manage_network' as const;
  return [
    { method: 'GET', path: 'network/devices', permission: 'any', tags, summary: 'Devices, last seen first', handler: async (r) => devices.list(r, ctx.config.trustProxy) },
    {
      method: 'POST', path: 'network/devices', permission: manage, tags, summary: 'Add a device by hand',
      handler: async (r, reply) => reply.code(201).send(await devices.create(body(r))),
    },
    { method: 'GET', path: 'network/devices/:id', permission: 'any', tags, handler: async (r) => presentDevice(await devices.find(idOf(r))) },
    { method: 'PATCH', path: 'network/devices/:id', permission: manage, tags, handler: async (r) => devices.update(idOf(r), body(r), 'patch') },
    { method: 'PUT', path: 'network/devices/:id', permission: manage, tags, handler: async (r) => devices.update(idOf(r), body(r), 'put') },
    {
      method: 'DELETE', path: 'network/devices/:id', permission: manage, tags,
      handler: async (r, reply) => {
        await devices.delete(idOf(r));
        return reply.code(204).send();
      },
    },
    { method: 'POST', path: 'network/devices/:id/set_status', permission: manage, tags, handler: async (r) => devices.setStatus(idOf(r), body(r)) },
    { method: 'POST', path: 'network/devices/:id/ignore', permission: manage, tags, handler: async (r) => devices.setIgnored(idOf(r), true) },
    { method: 'POST', path: 'network/devices/:id/unignore', permission: manage, tags, handler: async (r) => devices.setIgnored(idOf(r), false) },
    {
      method: 'POST', path: 'network/devices/:id/rescan', permission: manage, tags, summary: 'Scan this device again',
      handler: async (r) => {
        const device = await devices.find(idOf(r));
        return startResponse(await scans.start(caller(r).userId, { ...body(r), target_device_id: device.id }), 'Network scan started');
      },
    },
  ];
}
