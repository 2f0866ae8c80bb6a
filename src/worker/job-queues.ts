import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { requireRedisModule } from '../realtime/redis-connection.js';
import { QUEUE_PREFIX, queueName } from './keys.js';

export interface ScanJobData { scanId: string; attempt: number }

const ADD_TIMEOUT_MS = 5000;

/** Producer side of the per-worker BullMQ queues (one Queue object per worker name, opened on first use). */
export class ScanJobQueues {
  private readonly queues = new Map<string, Queue<ScanJobData>>();

  constructor(private readonly redis: Redis, private readonly logger: Logger) {}

  private queue(worker: string): Queue<ScanJobData> {
    let queue = this.queues.get(worker);
    if (!queue) {
      const { Queue: BullQueue } = requireRedisModule('bullmq') as typeof import('bullmq');
      queue = new BullQueue<ScanJobData>(queueName(worker), { connection: this.redis, prefix: QUEUE_PREFIX });
      // Connection problems are already logged once by the shared connection.
      queue.on('error', (err) => this.logger.debug({ err }, 'scan queue error'));
      this.queues.set(worker, queue);
    }
    return queue;
  }

  /** Adds the job (idempotent: the job id is scan + attempt); rejects when Redis does not take it within 5 s. */
  async add(worker: string, data: ScanJobData): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the scan queue did not answer')), ADD_TIMEOUT_MS);
    });
    const added = this.queue(worker).add('scan', data, {
      jobId: `${data.scanId}.${data.attempt}`, removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: { age: 86_400 },
      // A job fails only when Redis failed before the worker owned the scan; taking it again is safe.
      attempts: 5, backoff: { type: 'fixed', delay: 2000 },
    });
    added.catch(() => undefined);
    try {
      await Promise.race([added, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes the queues; a Redis that is away does not hold the shutdown up for more than 2 s. */
  async close(): Promise<void> {
    const closing = Promise.allSettled([...this.queues.values()].map((q) => q.close()));
    this.queues.clear();
    await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
  }
}
