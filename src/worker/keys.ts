/** Redis names shared by API instances and scan workers (all in the configured REDIS_DB). */
export const WORKERS_SET = 'everyst:workers';
export const workerKey = (name: string) => `everyst:worker:${name}`;
/** scan id → the worker it is assigned to (assignments.ts). */
export const ASSIGNMENTS_KEY = 'everyst:scan-assignments';
/** scan id → the last progress its worker announced (progress-memory.ts). */
export const PROGRESS_KEY = 'everyst:scan-progress';
/** BullMQ keys live under this prefix; one queue per worker name. */
export const QUEUE_PREFIX = 'everyst-bull';
export const queueName = (worker: string) => `scans.${worker}`;

/** Monitor checks pinned to a worker (monitor-dispatch.ts): batches of requests on its channel (pub/sub). */
export const monitorChecksChannel = (worker: string) => `everyst:monitor-checks:${worker}`;
/** Results of those checks, to the channel of the API process that asked (one per process). */
export const monitorResultsChannel = (process: string) => `everyst:monitor-results:${process}`;

/** A worker refreshes its registration this often; it expires when not refreshed for REGISTRATION_TTL_MS. */
export const HEARTBEAT_MS = 3000;
export const REGISTRATION_TTL_MS = 10_000;
