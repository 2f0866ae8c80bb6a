export interface ReadinessChecks {
  database: { status: 'ok' | 'error'; latency_ms: number };
  redis: { status: 'ok' | 'error' | 'disabled' };
  workers: { status: 'ok' | 'none' | 'disabled'; count: number };
}

export interface HealthDeps {
  /** Resolves with the latency in ms when the database answers within `timeoutMs`. */
  pingDatabase(timeoutMs: number): Promise<number>;
  /** True while writes fail for lack of space. */
  storageFull(): Promise<boolean>;
  redisStatus(): Promise<ReadinessChecks['redis']['status']>;
  /** Null when scans run in this process (no workers). */
  workers(): Promise<{ status: 'ok' | 'none'; count: number } | null>;
}

/** Liveness and readiness (rest.md §2). */
export class HealthService {
  constructor(private readonly deps: HealthDeps) {}

  async databaseAnswers(): Promise<boolean> {
    try {
      await this.deps.pingDatabase(2000);
      return true;
    } catch {
      return false;
    }
  }

  async readiness(): Promise<{ ready: boolean; checks: ReadinessChecks }> {
    let database: ReadinessChecks['database'];
    try {
      const latency = Math.round((await this.deps.pingDatabase(2000)) * 100) / 100;
      // Reads still answer on a full disk, but the database cannot take writes: not ready while it lasts.
      database = { status: (await this.deps.storageFull()) ? 'error' : 'ok', latency_ms: latency };
    } catch {
      database = { status: 'error', latency_ms: 0 };
    }
    const checks: ReadinessChecks = {
      database,
      redis: { status: await this.deps.redisStatus() },
      workers: (await this.deps.workers()) ?? { status: 'disabled', count: 0 },
    };
    return { ready: checks.database.status === 'ok' && checks.redis.status !== 'error', checks };
  }
}
