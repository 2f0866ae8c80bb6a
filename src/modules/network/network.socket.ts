import { NotFound, badRequest, conflict, notFound } from '../../errors.js';
import { isUuid } from '../../db/values.js';
import type { EventHandler } from '../../realtime/socket-rpc.js';
import type { NetworkServices } from './network.module.js';
import { presentScan, startResponse } from './network.presenter.js';

/** Client → server network events of realtime.md §4. */
export function networkSocketEvents(network: NetworkServices): Record<string, EventHandler> {
  const { devices, scans, results, maintenance, topology } = network;
  const manage = 'can_manage_network' as const;
  return {
    get_network_topology: { permission: 'any', handle: async () => topology.topology() },

    get_network_map: {
      permission: 'any',
      handle: async () => ({ status: 'success', ...(await topology.map('label')) }),
    },

    start_network_scan: {
      permission: manage,
      handle: async ({ principal, payload }) => startResponse(await scans.start(principal.userId, payload), 'Network scan started successfully'),
    },

    get_network_scan_status: { permission: 'any', handle: async () => scans.status() },

    cancel_network_scan: {
      permission: manage,
      async handle({ payload }) {
        const cancelled = await scans.cancel(await scans.findByEither(payload));
        if (!cancelled) throw conflict('Could not cancel scan, it may have already completed or been cancelled');
        return { status: 'success', message: 'Scan cancelled successfully', scan: presentScan(cancelled) };
      },
    },

    check_scan_status: {
      permission: manage,
      anyPayload: true,
      async handle() {
        const r = await maintenance.cleanStale();
        return {
          status: 'success', cleaned_scans: r.cleaned, active_scans: r.active, active_jobs: r.activeJobs,
          message: `Cleaned ${r.cleaned} stale database scans and ${r.staleJobs} stale service jobs, ${r.active} active scans remain`,
        };
      },
    },

    get_network_scan_results: {
      permission: 'any',
      handle: async ({ payload }) => results.socket(await scans.findByEither(payload)),
    },

    update_network_device: {
      permission: manage,
      async handle({ payload }) {
        const id = payload.id;
        if (id === undefined || id === null || id === '') throw badRequest('Missing device ID');
        if (typeof id !== 'string' || !isUuid(id)) throw notFound('Device not found');
        try {
          const device = await devices.update(id.toLowerCase(), payload, 'patch');
          return { status: 'success', device, message: 'Device updated successfully' };
        } catch (error) {
          if (error instanceof NotFound) throw notFound('Device not found');
          throw error;
        }
      },
    },
  };
}
