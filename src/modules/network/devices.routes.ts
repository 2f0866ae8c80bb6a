import type { FastifyRequest } from 'fastify';
import { pageOf } from '../../http/pagination.js';
import { caller, type RouteDef } from '../../http/routes.js';
import { deviceFilters } from './devices.service.js';
import type { NetworkServices } from './network.module.js';
import { presentDevice, startResponse } from './network.presenter.js';
import type { NetworkRouteOptions } from './network.routes.js';
import {
  createDeviceSchema, deleteDeviceSchema, deviceSchema, ignoreDeviceSchema, listDevicesSchema, putDeviceSchema, rescanDeviceSchema,
  setStatusSchema, updateDeviceSchema,
} from './network.schemas.js';

const body = (r: FastifyRequest) => r.body as Record<string, unknown>;
const idOf = (r: FastifyRequest) => (r.params as { id: string }).id;

/** rest.md §8.1–§8.3. */
export function devicesRoutes(network: NetworkServices, { trustProxy }: NetworkRouteOptions): RouteDef[] {
  const { devices, scans } = network;
  const tags = ['network'];
  const manage = 'can_manage_network' as const;
  return [
    {
      method: 'GET', path: 'network/devices', permission: 'any', tags, summary: 'Devices, last seen first', schema: listDevicesSchema,
      handler: async (r) => pageOf(r, trustProxy, (window) => devices.list(deviceFilters(r.query as Record<string, unknown>), window)),
    },
    {
      method: 'POST', path: 'network/devices', permission: manage, tags, summary: 'Add a device by hand', schema: createDeviceSchema,
      handler: async (r, reply) => reply.code(201).send(await devices.create(body(r))),
    },
    {
      method: 'GET', path: 'network/devices/:id', permission: 'any', tags, summary: 'One device', schema: deviceSchema,
      handler: async (r) => presentDevice(await devices.find(idOf(r))),
    },
    {
      method: 'PATCH', path: 'network/devices/:id', permission: manage, tags, summary: 'Change some fields of a device', schema: updateDeviceSchema,
      handler: async (r) => devices.update(idOf(r), body(r), 'patch'),
    },
    {
      method: 'PUT', path: 'network/devices/:id', permission: manage, tags, summary: 'Replace a device', schema: putDeviceSchema,
      handler: async (r) => devices.update(idOf(r), body(r), 'put'),
    },
    {
      method: 'DELETE', path: 'network/devices/:id', permission: manage, tags, summary: 'Delete a device', schema: deleteDeviceSchema,
      handler: async (r, reply) => {
        await devices.delete(idOf(r));
        return reply.code(204).send();
      },
    },
    {
      method: 'POST', path: 'network/devices/:id/set_status', permission: manage, tags, summary: 'Set a device online or offline', schema: setStatusSchema,
      handler: async (r) => devices.setStatus(idOf(r), body(r)),
    },
    {
      method: 'POST', path: 'network/devices/:id/ignore', permission: manage, tags, summary: 'Hide a device from the map and notices', schema: ignoreDeviceSchema,
      handler: async (r) => devices.setIgnored(idOf(r), true),
    },
    {
      method: 'POST', path: 'network/devices/:id/unignore', permission: manage, tags, summary: 'Show an ignored device again', schema: ignoreDeviceSchema,
      handler: async (r) => devices.setIgnored(idOf(r), false),
    },
    {
      method: 'POST', path: 'network/devices/:id/rescan', permission: manage, tags, summary: 'Scan this device again', schema: rescanDeviceSchema,
      handler: async (r) => {
        const device = await devices.find(idOf(r));
        return startResponse(await scans.start(caller(r).userId, { ...body(r), target_device_id: device.id }), 'Network scan started');
      },
    },
  ];
}
