import type { Logger } from 'pino';
import type { JobLocks } from './job-locks.js';

export interface JobOptions {
  /** Run once across instances (lease in job_locks). The name may include the host for per-host jobs. */
  cluster?: boolean;
  /** Also run right after start. */
  runAtStart?: boolean;
}

interface Job { name: string; intervalMs: number; run: () => Promise<unknown>; opts: JobOptions; timer?: NodeJS.Timeout; running?: Promise<void> }

/** Named interval jobs. Nothing runs until start(); stop() waits for runs in progress. */
export class Scheduler {
  private readonly jobs: Job[] = [];
  private started = false;

  constructor(private readonly locks: JobLocks, private readonly logger: Logger) {}

  every(name: string, intervalMs: number, run: () => Promise<unknown>, opts: JobOptions = {}): void {
    const job: Job = { name, intervalMs, run, opts };
    this.jobs.push(job);
    if (this.started) this.schedule(job);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    for (const job of this.jobs) this.schedule(job);
  }

  private schedule(job: Job): void {
    const tick = () => {
      if (job.running) return;
      job.running = this.runOnce(job).finally(() => {
        job.running = undefined;
      });
    };
    job.timer = setInterval(tick, job.intervalMs);
    job.timer.unref();
    if (job.opts.runAtStart) tick();
  }

  private async runOnce(job: Job): Promise<void> {
    try {
      if (job.opts.cluster && !(await this.locks.acquire(job.name, Math.max(job.intervalMs * 2, 30_000)))) return;
      await job.run();
    } catch (err) {
      this.logger.error({ err, job: job.name }, 'job failed');
    }
  }

  async stop(): Promise<void> {
    this.started = false;
    for (const job of this.jobs) clearInterval(job.timer);
    await Promise.all(this.jobs.map((j) => j.running));
  }
}
