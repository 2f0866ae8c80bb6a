import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { Database } from '../db/database.js';
import { createWorkerServices } from './worker-services.js';
import { closeRedis, createRedis, requireRedisModule, type RedisConfig } from '../realtime/redis-connection.js';
import { ScanAssignments } from './assignments.js';
import { HEARTBEAT_MS, QUEUE_PREFIX, queueName } from './keys.js';
import { ScanJobQueues, type ScanJobData } from './job-queues.js';
import { interfaceNetworks } from './reach.js';
import { WorkerRegistry, type WorkerRegistration } from './registry.js';
import { ScanHandover } from './scan-handover.js';
import { ScanJobs } from './scan-jobs.js';
import { ProgressMemory } from './progress-memory.js';
import { secretBoxFor } from '../crypto/secrets.js';
import { createCheckers } from '../modules/monitors/checks/index.js';
import { MonitorsRepository } from '../modules/monitors/monitors.repository.js';
import { MonitorCheckWorker } from './monitor-check-worker.js';

export interface ScanWorkerOptions {
  /** On a graceful stop, how long running scans may take to finish before they are released (ms). */
  drainMs?: number;
}

const DEFAULT_DRAIN_MS = 20_000;
const CLOSE_LIMIT_MS = 5000;
/** On a graceful stop, monitor checks in flight get at most this long (their timeouts are shorter mostly). */
const CHECKS_DRAIN_MS = 10_000;
const within = <T>(work: Promise<T>, ms: number) => Promise.race([work, new Promise((resolve) => setTimeout(resolve, ms).unref())]);

/**
 * `everyst worker`: takes scan jobs from its own BullMQ queue (named after EVERYST_INSTANCE_NAME), announces
 * itself and the networks it reaches in Redis, runs scans against the shared database, and sends their events
 * to every API instance's sockets through the Redis adapter.
 */
export class ScanWorker {
  private readonly incarnation = randomUUID();
  private readonly startedAt = new Date().toISOString();
  private readonly networks: string[];
  private readonly redis;
  private readonly jobConnection;
  private readonly registry;
  private readonly queues;
  private readonly jobs: ScanJobs;
  private readonly services;
  private readonly monitorChecks: MonitorCheckWorker;
  private bull: Worker<ScanJobData, string> | null = null;
  private heartbeat: NodeJS.Timeout | undefined;
  private draining = false;

  constructor(
    private readonly config: Config & { redis: RedisConfig },
    private readonly database: Database,
    private readonly logger: Logger,
    private readonly options: ScanWorkerOptions = {},
  ) {
    this.networks = config.workerNetworks ?? interfaceNetworks();
    this.redis = createRedis(config.redis, 'command', 'worker', logger);
    this.jobConnection = createRedis(config.redis, 'waiting', 'worker-jobs', logger);
    this.registry = new WorkerRegistry(this.redis);
    this.queues = new ScanJobQueues(this.redis, logger);
    this.services = createWorkerServices(config, database, logger);
    const assignments = new ScanAssignments(this.redis);
    const { scans, lifecycle, runner } = this.services.engine;
    const progress = new ProgressMemory(this.redis);
    progress.follow(this.services.bus);
    const handover = new ScanHandover({ scans, registry: this.registry, assignments, queues: this.queues, progress, lifecycle, logger });
    this.jobs = new ScanJobs({
      scans, runner, lifecycle, assignments, handover, progress, logger, name: config.instanceName, incarnation: this.incarnation,
      maxConcurrent: config.scan.maxConcurrent,
    });
    const dnsServers = config.dnsServers ?? [];
    this.monitorChecks = new MonitorCheckWorker({
      name: config.instanceName, redisConfig: config.redis, redis: this.redis, dnsServers, logger,
      definitions: new MonitorsRepository(database.db, secretBoxFor(config.secretKey)), checks: createCheckers({ dnsServers }),
    });
  }

  get name(): string {
    return this.config.instanceName;
  }

  start(): void {
    void this.beat();
    // Announced in the registration (`monitorChecks`) once subscribed to its channel.
    this.monitorChecks.start().then(() => this.beat(), (err: unknown) => this.logger.error({ err }, 'monitor checks channel failed'));
    this.heartbeat = setInterval(() => void this.beat(), HEARTBEAT_MS);
    // Every scan assigned here is taken at once, so each one's record is kept fresh while it waits for a slot.
    const concurrency = this.config.scan.maxConcurrent + this.config.scan.queueSize + 1;
    const { Worker: BullWorker } = requireRedisModule('bullmq') as typeof import('bullmq');
    this.bull = new BullWorker<ScanJobData, string>(queueName(this.name), (job) => this.jobs.process(job.data), {
      connection: this.jobConnection, prefix: QUEUE_PREFIX, concurrency,
      removeOnComplete: { age: 3600, count: 1000 }, removeOnFail: { age: 86_400 },
    });
    this.bull.on('error', (err) => this.logger.debug({ err }, 'scan job queue error'));
    this.bull.on('completed', (job, result) => this.logger.info({ scanId: job.data.scanId, result }, 'scan job finished'));
    this.bull.on('failed', (job, err) => this.logger.warn({ scanId: job?.data.scanId, err }, 'scan job failed'));
    this.logger.info({ worker: this.name, networks: this.networks, queue: queueName(this.name) }, 'Everyst scan worker started');
  }

  private registration(): WorkerRegistration {
    return {
      name: this.name, incarnation: this.incarnation, host: hostname(), pid: process.pid, networks: this.networks,
      startedAt: this.startedAt, running: this.jobs.count, draining: this.draining, monitorChecks: this.monitorChecks.ready,
    };
  }

  private async beat(): Promise<void> {
    try {
      await this.registry.publish(this.registration());
      await this.jobs.verifyOwnership();
    } catch (err) {
      this.logger.debug({ err }, 'worker heartbeat failed');
    }
  }

  /** Graceful stop: takes no new jobs, lets running scans finish for a while, releases the rest, deregisters. */
  async stop(): Promise<void> {
    this.draining = true;
    await within(this.registry.publish(this.registration()).catch(() => undefined), CLOSE_LIMIT_MS);
    const closing = this.bull?.close() ?? Promise.resolve();
    closing.catch(() => undefined);
    const drainMs = this.options.drainMs ?? DEFAULT_DRAIN_MS;
    await Promise.all([this.jobs.drain(drainMs), this.monitorChecks.stop(Math.min(drainMs, CHECKS_DRAIN_MS))]);
    await within(closing, CLOSE_LIMIT_MS);
    clearInterval(this.heartbeat);
    await within(this.registry.remove(this.name, this.incarnation).catch(() => undefined), CLOSE_LIMIT_MS);
    await this.services.close();
    await this.queues.close();
    await Promise.all([closeRedis(this.jobConnection), closeRedis(this.redis)]);
    await this.database.close();
  }
}
