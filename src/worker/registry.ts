import type { Redis } from 'ioredis';
import { reachesAll } from './reach.js';
import { REGISTRATION_TTL_MS, WORKERS_SET, workerKey } from './keys.js';

/** What a live worker publishes about itself, refreshed every few seconds. */
export interface WorkerRegistration {
  name: string;
  /** Differs each time a process starts, so a restarted worker of the same name is told apart. */
  incarnation: string;
  host: string;
  pid: number;
  networks: string[];
  startedAt: string;
  running: number;
  /** Stopping: it takes no new scans. */
  draining: boolean;
  /** It takes monitor checks on its channel (absent: a worker of a version without them). */
  monitorChecks?: boolean;
}

/** Scan workers registered in Redis; a registration expires when its worker stops refreshing it. */
export class WorkerRegistry {
  constructor(private readonly redis: Redis) {}

  async publish(registration: WorkerRegistration): Promise<void> {
    await this.redis.multi()
      .sadd(WORKERS_SET, registration.name)
      .set(workerKey(registration.name), JSON.stringify(registration), 'PX', REGISTRATION_TTL_MS)
      .exec();
  }

  /** Removes the registration, unless a newer process of the same name has replaced it. */
  async remove(name: string, incarnation: string): Promise<void> {
    const current = await this.redis.get(workerKey(name));
    if (current && (JSON.parse(current) as WorkerRegistration).incarnation === incarnation) await this.redis.del(workerKey(name));
  }

  async live(): Promise<WorkerRegistration[]> {
    const names = await this.redis.smembers(WORKERS_SET);
    if (names.length === 0) return [];
    const values = await this.redis.mget(...names.map(workerKey));
    const gone = names.filter((_, i) => values[i] === null);
    if (gone.length) await this.redis.srem(WORKERS_SET, ...gone);
    return values.filter((v): v is string => v !== null).map((v) => JSON.parse(v) as WorkerRegistration);
  }
}

/**
 * The least busy live worker that reaches every target and is not draining; `exclude` names a process that
 * must not get the scan (the one that stopped).
 */
export function chooseWorker(
  workers: readonly WorkerRegistration[], targets: readonly string[], exclude?: (w: WorkerRegistration) => boolean,
): WorkerRegistration | null {
  const fit = workers.filter((w) => !w.draining && !exclude?.(w) && reachesAll(w.networks, targets));
  if (fit.length === 0) return null;
  const least = Math.min(...fit.map((w) => w.running));
  const candidates = fit.filter((w) => w.running === least);
  return candidates[Math.floor(Math.random() * candidates.length)];
}

/**
 * The worker that checks a monitor whose target is `address`: among the live workers that take monitor checks,
 * are not draining and reach the address, the same one for the same monitor as long as the set does not change
 * (rendezvous hashing on the monitor id), so a monitor is not checked from a different place each time.
 * `reaches` may answer from networks parsed beforehand (NetworkCover).
 */
export function chooseCheckWorker(
  workers: readonly WorkerRegistration[], address: string, monitorId: string,
  reaches: (w: WorkerRegistration, address: string) => boolean = (w, a) => reachesAll(w.networks, [a]),
): WorkerRegistration | null {
  let best: WorkerRegistration | null = null;
  let bestScore = -1;
  for (const w of workers) {
    if (!w.monitorChecks || w.draining || !reaches(w, address)) continue;
    const score = fnv1a(`${monitorId}\u0000${w.name}`);
    if (score > bestScore) {
      best = w;
      bestScore = score;
    }
  }
  return best;
}

function fnv1a(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619) >>> 0;
  return hash;
}
