import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { caller, type RouteDef } from '../../http/routes.js';
import { presentScan } from './network.presenter.js';
import type { Scan } from './scans.repository.js';

const body = (r: FastifyRequest) => r.body as Record<string, unknown>;
const idOf = (r: FastifyRequest) => (r.params as { id: string }).id;

/** The success body of a start (REST and socket differ only in the `message` of a started scan). */
export function startResponse(started: { scan: Scan; queued: boolean }, startedMessage: string) {
  return {
    status: 'success', message: started.queued ? 'Network scan queued' : startedMessage,
    scan_id: started.scan.id, job_id: started.scan.jobId, scan: presentScan(started.scan),
  };
}

/** rest.md §8.5. */
export function scansRoutes(ctx: AppContext): RouteDef[] {
  const { scans, results, maintenance } = ctx.services.network;
  const tags = ['network'];
  const manage = 'can_manage_network' as const;
  return [
    { method: 'GET', path: 'network/scans', permission: 'any', tags, summary: 'Scans, newest first', handler: async (r) => scans.list(r, ctx.config.trustProxy) },
    { method: 'GET', path: 'network/scans/latest', permission: 'any', tags, summary: 'The latest completed scan', handler: async () => presentScan(await scans.latestCompleted()) },
    {
      method: 'POST', path: 'network/scans/start_scan', permission: manage, tags, summary: 'Start a network scan',
      handler: async (r) => startResponse(await scans.start(caller(r).userId, body(r)), 'Network scan started'),
    },
    {
      method: 'POST', path: 'network/scans/clean_stale_scans', permission: manage, tags, summary: 'Mark stale scans interrupted',
      handler: async () => {
        const { cleaned, active } = await maintenance.cleanStale();
        return {
          status: 'success', message: `Cleaned ${cleaned} stale scans. ${active} active scans remain.`, cleaned_count: cleaned, active_count: active,
        };
      },
    },
    { method: 'GET', path: 'network/scans/:id', permission: 'any', tags, handler: async (r) => presentScan(await scans.find(idOf(r))) },
    { method: 'POST', path: 'network/scans/:id/cancel', permission: manage, tags, handler: async (r) => presentScan(await scans.cancelOrConflict(idOf(r))) },
    { method: 'GET', path: 'network/scans/:id/results', permission: 'any', tags, handler: async (r) => results.rest(await scans.find(idOf(r))) },
    {
      method: 'DELETE', path: 'network/scans/:id', permission: manage, tags,
      handler: async (r, reply) => {
        await scans.delete(idOf(r));
        return reply.code(204).send();
      },
    },
  ];
}
