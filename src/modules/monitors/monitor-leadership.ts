import type { Logger } from 'pino';

/** A cluster-wide lease (jobs/job-locks.ts). */
export interface Lease {
  acquire(name: string, leaseMs: number): Promise<boolean>;
  release(name: string): Promise<void>;
}

export interface LeaderDuties {
  /** This instance now runs the checks. */
  lead(): Promise<void>;
  /** Another instance does: stop checking. */
  follow(): Promise<void>;
  /** Take in what other instances changed (definitions, pushes, results). */
  sync(): Promise<void>;
}

const LEASE_NAME = 'monitor-checks';
const LEASE_MS = 30_000;
const RENEW_MS = 10_000;

/**
 * One instance of a cluster runs the monitors' checks: the holder of a lease it renews every 10 s. The others
 * serve reads from what they load every 10 s; when the holder stops renewing, another takes over within the
 * lease (30 s). A single instance (SQLite) leads at once and never polls.
 */
export class MonitorLeadership {
  private timer: NodeJS.Timeout | null = null;
  private leading = false;
  private round: Promise<void> = Promise.resolve();

  constructor(private readonly duties: LeaderDuties, private readonly lease: Lease | null, private readonly logger: Logger) {}

  async start(): Promise<void> {
    if (!this.lease) {
      this.leading = true;
      await this.duties.lead();
      return;
    }
    await this.tick();
    this.timer = setInterval(() => void (this.round = this.round.then(() => this.tick())), RENEW_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.round;
    if (this.leading && this.lease) await this.lease.release(LEASE_NAME).catch(() => undefined);
    this.leading = false;
  }

  isLeader(): boolean {
    return this.leading;
  }

  private async tick(): Promise<void> {
    try {
      const held = await this.lease!.acquire(LEASE_NAME, LEASE_MS);
      await this.duties.sync();
      if (held && !this.leading) {
        this.leading = true;
        this.logger.info('this instance runs the monitor checks');
        await this.duties.lead();
      } else if (!held && this.leading) {
        this.leading = false;
        this.logger.warn('another instance took over the monitor checks');
        await this.duties.follow();
      }
    } catch (err) {
      this.logger.error({ err }, 'monitor leadership round failed');
    }
  }
}
