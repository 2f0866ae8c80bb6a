import type { FastifyRequest } from 'fastify';
import { validationError } from '../../errors.js';
import { pageOf } from '../../http/pagination.js';
import type { RouteDef } from '../../http/routes.js';
import { devicesCsv, EXPORT_FORMATS, exportFileName, exportRow, type ExportFormat } from './device-export.js';
import { deviceFilters } from './devices.service.js';
import { invalidChoice } from './field-rules.js';
import type { NetworkServices } from './network.module.js';
import type { NetworkRouteOptions } from './network.routes.js';
import { acknowledgeSchema, changesSchema, exportSchema, groupsSchema, presenceSchema } from './inventory.schemas.js';

const idOf = (r: FastifyRequest) => (r.params as { id: string }).id;

function exportFormat(query: Record<string, unknown>): ExportFormat {
  const raw = query.format;
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (value === undefined || value === '') return 'csv';
  const format = typeof value === 'string' ? value.toLowerCase() : value;
  if ((EXPORT_FORMATS as readonly unknown[]).includes(format)) return format as ExportFormat;
  throw validationError({ format: [invalidChoice(value)] });
}

/** docs/inventory.md: presence, changes, review, groups and export of devices. */
export function inventoryRoutes(network: NetworkServices, { trustProxy }: NetworkRouteOptions): RouteDef[] {
  const { devices } = network;
  const tags = ['network'];
  return [
    {
      method: 'GET', path: 'network/devices/export', permission: 'any', tags, summary: 'Every device as CSV or JSON (a download)', schema: exportSchema,
      handler: async (r, reply) => {
        const query = r.query as Record<string, unknown>;
        const format = exportFormat(query);
        const rows = await devices.all(deviceFilters(query));
        reply.header('Content-Disposition', `attachment; filename="${exportFileName(format, new Date())}"`);
        if (format === 'json') return reply.type('application/json; charset=utf-8').send(rows.map(exportRow));
        return reply.type('text/csv; charset=utf-8').send(devicesCsv(rows));
      },
    },
    {
      method: 'GET', path: 'network/devices/:id/presence', permission: 'any', tags, summary: 'Online/offline sessions of a device, newest first',
      schema: presenceSchema, handler: async (r) => pageOf(r, trustProxy, (window) => devices.presence(idOf(r), window)),
    },
    {
      method: 'GET', path: 'network/devices/:id/changes', permission: 'any', tags, summary: 'IP and hostname changes of a device, newest first',
      schema: changesSchema, handler: async (r) => pageOf(r, trustProxy, (window) => devices.changes(idOf(r), window)),
    },
    {
      method: 'POST', path: 'network/devices/:id/acknowledge', permission: 'can_manage_network', tags, summary: 'Take a device out of the new-devices queue',
      schema: acknowledgeSchema, handler: async (r) => devices.acknowledge(idOf(r)),
    },
    {
      method: 'GET', path: 'network/groups', permission: 'any', tags, summary: 'Device groups with their device counts', schema: groupsSchema,
      handler: async () => devices.groups(),
    },
  ];
}
