import type { FastifyRequest } from 'fastify';
import { pageOf } from '../../http/pagination.js';
import { caller, type RouteDef } from '../../http/routes.js';
import type { NetworkServices } from './network.module.js';
import { presentScan, startResponse } from './network.presenter.js';
import type { NetworkRouteOptions } from './network.routes.js';
import {
  cancelScanSchema, cleanStaleSchema, deleteScanSchema, latestScanSchema, listScansSchema, scanResultsSchema, scanSchema, startScanSchema,
} from './network.schemas.js';
import type { ScanFilters } from './scans.repository.js';

const body = (r: FastifyRequest) => r.body as Record<string, unknown>;
const idOf = (r: FastifyRequest) => (r.params as { id: string }).id;

/** The filters of `network/scans/` (blank values filter nothing; `scan_type` compares lower-case). */
function scanFilters(query: Record<string, unknown>): ScanFilters {
  const get = (name: string) => (typeof query[name] === 'string' && (query[name] as string).trim() ? (query[name] as string).trim() : undefined);
  return { status: get('status'), scanType: get('scan_type')?.toLowerCase() };
}

/** rest.md §8.5. */
export function scansRoutes(network: NetworkServices, { trustProxy }: NetworkRouteOptions): RouteDef[] {
  const { scans, results, maintenance } = network;
  const tags = ['network'];
  const manage = 'can_manage_network' as const;
  return [
    {
      method: 'GET', path: 'network/scans', permission: 'any', tags, summary: 'Scans, newest first', schema: listScansSchema,
      handler: async (r) => pageOf(r, trustProxy, (window) => scans.list(scanFilters(r.query as Record<string, unknown>), window)),
    },
    {
      method: 'GET', path: 'network/scans/latest', permission: 'any', tags, summary: 'The latest completed scan', schema: latestScanSchema,
      handler: async () => presentScan(await scans.latestCompleted()),
    },
    {
      method: 'POST', path: 'network/scans/start_scan', permission: manage, tags, summary: 'Start a network scan', schema: startScanSchema,
      handler: async (r) => startResponse(await scans.start(caller(r).userId, body(r)), 'Network scan started'),
    },
    {
      method: 'POST', path: 'network/scans/clean_stale_scans', permission: manage, tags, summary: 'Mark stale scans interrupted', schema: cleanStaleSchema,
      handler: async () => {
        const { cleaned, active } = await maintenance.cleanStale();
        return {
          status: 'success', message: `Cleaned ${cleaned} stale scans. ${active} active scans remain.`, cleaned_count: cleaned, active_count: active,
        };
      },
    },
    {
      method: 'GET', path: 'network/scans/:id', permission: 'any', tags, summary: 'One scan', schema: scanSchema,
      handler: async (r) => presentScan(await scans.find(idOf(r))),
    },
    {
      method: 'POST', path: 'network/scans/:id/cancel', permission: manage, tags, summary: 'Cancel a queued or running scan', schema: cancelScanSchema,
      handler: async (r) => presentScan(await scans.cancelOrConflict(idOf(r))),
    },
    {
      method: 'GET', path: 'network/scans/:id/results', permission: 'any', tags, summary: 'The devices one scan saw', schema: scanResultsSchema,
      handler: async (r) => results.rest(await scans.find(idOf(r))),
    },
    {
      method: 'DELETE', path: 'network/scans/:id', permission: manage, tags, summary: 'Delete a finished scan', schema: deleteScanSchema,
      handler: async (r, reply) => {
        await scans.delete(idOf(r));
        return reply.code(204).send();
      },
    },
  ];
}
