import type { Logger } from 'pino';
import type { ScanLifecycle } from '../modules/network/scan-lifecycle.js';
import type { ScansRepository } from '../modules/network/scans.repository.js';
import { closeRedis, createRedis, type RedisConfig } from '../realtime/redis-connection.js';
import { ScanAssignments } from './assignments.js';
import { ScanJobQueues } from './job-queues.js';
import { ProgressMemory } from './progress-memory.js';
import { WorkerRegistry } from './registry.js';
import { ScanDispatch } from './scan-dispatch.js';
import { ScanHandover } from './scan-handover.js';
import { ScanSupervisor } from './scan-supervisor.js';

/** The API's view of the scan workers: readiness (rest.md §2) and the supervisor's periodic check. */
export interface WorkerDirectory {
  readiness(): Promise<{ status: 'ok' | 'none'; count: number }>;
  supervise(): Promise<void>;
}

/** API side of SCAN_USE_WORKERS: the executor that queues scans for workers, and the directory. */
export function createWorkerDispatch(
  redisConfig: RedisConfig,
  deps: { scans: ScansRepository; lifecycle: ScanLifecycle; logger: Logger },
): { executor: ScanDispatch; directory: WorkerDirectory } {
  const { logger } = deps;
  const redis = createRedis(redisConfig, 'command', 'scan-dispatch', logger);
  const registry = new WorkerRegistry(redis);
  const assignments = new ScanAssignments(redis);
  const queues = new ScanJobQueues(redis, logger);
  const handover = new ScanHandover({ scans: deps.scans, registry, assignments, queues, progress: new ProgressMemory(redis), lifecycle: deps.lifecycle, logger });
  const supervisor = new ScanSupervisor({ scans: deps.scans, registry, assignments, handover, logger });
  const executor = new ScanDispatch({
    lifecycle: deps.lifecycle, registry, assignments, queues, logger,
    close: async () => {
      await queues.close();
      await closeRedis(redis);
    },
  });
  return {
    executor,
    directory: {
      async readiness() {
        try {
          const count = (await registry.live()).length;
          return { status: count > 0 ? 'ok' : 'none', count };
        } catch {
          return { status: 'none', count: 0 };
        }
      },
      supervise: () => supervisor.check(),
    },
  };
}
