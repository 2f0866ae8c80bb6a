import type { AppContext } from '../../context.js';
import { Conflict, Throttled } from '../../errors.js';
import { networkRoutes } from './network.routes.js';
import { registerNetworkEvents } from './network.socket.js';

const SUPERVISE_MS = 3000;

/** Devices, connections, scans and topology (rest.md §8, scanner.md, realtime.md §4). */
export const networkModule = {
  routes: networkRoutes,
  setup(ctx: AppContext): void {
    const network = ctx.services.network;
    network.notifier.useServices(ctx.services);
    registerNetworkEvents(ctx);
    // Before the first request: scans a previous run left queued or in progress end as interrupted (§10).
    ctx.http.addHook('onReady', async () => {
      const count = await network.maintenance.interruptAtStart(ctx.config.redis === null);
      if (count > 0) ctx.logger.info({ count }, 'scans interrupted by the restart marked');
    });
    const { scheduleMinutes, scheduleType } = ctx.config.scan;
    if (scheduleMinutes > 0) {
      // The scheduler runs a job first one full interval after listen(), never at start (§12).
      ctx.scheduler.every('network.scheduled-discovery', scheduleMinutes * 60_000, async () => {
        try {
          await network.scans.start(null, { scan_type: scheduleType });
        } catch (error) {
          if (error instanceof Conflict || error instanceof Throttled) return;
          throw error;
        }
      }, { cluster: true });
    }
    if (network.workers) {
      // Scans of workers that stopped are retried or ended (scanner.md §10), checked by one instance at a time.
      const workers = network.workers;
      ctx.scheduler.every('network.scan-workers', SUPERVISE_MS, () => workers.supervise(), { cluster: true });
    }
    ctx.onClose(async () => {
      network.maintenance.stop();
      await network.scans.queue.shutdown();
    });
  },
};
