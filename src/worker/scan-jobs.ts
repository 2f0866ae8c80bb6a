import { setMaxListeners } from 'node:events';
import type { Logger } from 'pino';
import { nowIso } from '../db/values.js';
import { ScanAbort } from '../modules/network/scan-abort.js';
import type { ScanLifecycle } from '../modules/network/scan-lifecycle.js';
import type { ScanRunner } from '../modules/network/scan-runner.js';
import { ACTIVE_STATUSES, type Scan, type ScansRepository } from '../modules/network/scans.repository.js';
import type { Assignment, ScanAssignments } from './assignments.js';
import type { ScanJobData } from './job-queues.js';
import type { ScanHandover } from './scan-handover.js';
import type { ProgressMemory } from './progress-memory.js';

interface Running { scan: Scan; controller: AbortController; done: Promise<void>; handOver: boolean }

const CLAIM_RETRY_MS = 2000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The worker side of a scan job: owns the scan through its assignment, claims a slot (SCAN_MAX_CONCURRENT holds
 * across the cluster, as for in-process scans), runs it with the shared ScanRunner, and on a graceful stop
 * releases what it cannot finish in time to another worker.
 */
export class ScanJobs {
  private readonly held = new Set<string>();
  private readonly running = new Map<string, Running>();
  private draining = false;

  constructor(private readonly deps: {
    scans: ScansRepository; runner: ScanRunner; lifecycle: ScanLifecycle; assignments: ScanAssignments; handover: ScanHandover;
    progress: ProgressMemory;
    logger: Logger; name: string; incarnation: string; maxConcurrent: number;
  }) {}

  /** Scans this process holds (waiting for a slot or running). */
  get count(): number {
    return this.held.size;
  }

  /** One BullMQ job; resolves with what became of it (for the log). */
  async process(job: ScanJobData): Promise<string> {
    const { assignments, name, incarnation } = this.deps;
    if (this.held.has(job.scanId)) return 'already held here';
    const assignment = await assignments.get(job.scanId);
    if (!assignment || assignment.worker !== name || assignment.attempt !== job.attempt) return 'superseded';
    // An earlier process of this name started it and died: the API's supervisor hands it over.
    if (assignment.runner !== null && assignment.runner !== incarnation) return 'started by an earlier process';
    const mine: Assignment = { ...assignment, runner: incarnation };
    if (assignment.runner === null && !(await assignments.replace(job.scanId, assignment, mine))) return 'taken';
    this.held.add(job.scanId);
    try {
      return await this.own(job.scanId, mine);
    } catch (err) {
      this.deps.logger.error({ err, scanId: job.scanId }, 'scan job failed; handing the scan over');
      return `handed over (${await this.deps.handover.workerStopped(job.scanId, mine).catch(() => 'failed')})`;
    } finally {
      this.held.delete(job.scanId);
    }
  }

  private async own(scanId: string, mine: Assignment): Promise<string> {
    const { scans, assignments, handover, name } = this.deps;
    const found = await scans.find(scanId);
    if (!found || !(ACTIVE_STATUSES as readonly string[]).includes(found.status)) {
      await assignments.remove(scanId, mine);
      return 'dropped: no longer active';
    }
    let scan: Scan | null = found;
    if (found.status === 'queued') {
      scan = await this.claim(found);
    } else {
      // The one retry of a scan another worker started (scanner.md §10).
      const now = nowIso();
      scan = (await scans.update(scanId, { worker: name, updated_at: now }, ['in-progress'])) ? { ...found, worker: name, updatedAt: now } : null;
    }
    if (this.draining) return `released: ${await handover.workerStopped(scanId, mine)}`;
    if (!scan) {
      await assignments.remove(scanId, mine);
      return 'dropped: no longer queued';
    }
    const entry = await this.run({ ...scan, progress: Math.max(scan.progress, await this.deps.progress.floor(scanId)) });
    if (entry.handOver) return `released: ${await handover.workerStopped(scanId, mine)}`;
    await assignments.remove(scanId, mine);
    return 'done';
  }

  /** Waits for a free slot, keeping the queued record fresh; null when the scan left the queue meanwhile. */
  private async claim(scan: Scan): Promise<Scan | null> {
    const { scans, name, maxConcurrent } = this.deps;
    while (!this.draining) {
      const started = await this.deps.lifecycle.start(scan, { maxConcurrent, worker: name });
      if (started) return started;
      if ((await scans.find(scan.id))?.status !== 'queued') return null;
      await scans.heartbeat([scan.id], nowIso());
      await sleep(CLAIM_RETRY_MS);
    }
    return null;
  }

  private async run(scan: Scan): Promise<Running> {
    const controller = new AbortController();
    setMaxListeners(0, controller.signal);
    // The timeout counts from the scan's start, also across a retry.
    const left = scan.options.timeout * 1000 - (Date.now() - Date.parse(scan.startedAt ?? scan.timestamp));
    const timer = setTimeout(() => controller.abort(new ScanAbort('timeout')), Math.max(0, left));
    const entry: Running = { scan, controller, handOver: false, done: Promise.resolve() };
    entry.done = this.deps.runner.run(scan, controller).catch((err: unknown) => this.deps.lifecycle.abandon(scan, err)).finally(() => clearTimeout(timer));
    this.running.set(scan.id, entry);
    try {
      await entry.done;
    } finally {
      this.running.delete(scan.id);
    }
    return entry;
  }

  /** Stops running scans whose assignment no longer names this process (another worker took them over). */
  async verifyOwnership(): Promise<void> {
    for (const entry of this.running.values()) {
      const current = await this.deps.assignments.get(entry.scan.id);
      if (current?.worker === this.deps.name && current.runner === this.deps.incarnation) continue;
      this.deps.logger.warn({ scanId: entry.scan.id }, 'scan no longer assigned to this worker; stopping it here');
      entry.controller.abort(new ScanAbort('released'));
    }
  }

  /** Graceful stop: no new scans; running ones get `graceMs` to finish, the rest are released to another worker. */
  async drain(graceMs: number): Promise<void> {
    this.draining = true;
    const all = () => Promise.allSettled([...this.running.values()].map((e) => e.done));
    await Promise.race([all(), sleep(graceMs)]);
    for (const entry of this.running.values()) {
      entry.handOver = true;
      entry.controller.abort(new ScanAbort('released'));
    }
    await all();
  }
}
