import { randomUUID } from 'node:crypto';
import { isUniqueViolation } from '../../db/database.js';
import { isUuid } from '../../db/values.js';
import { FieldErrorCollector, notFound, validationError } from '../../errors.js';
import type { ListWindow, Listing } from '../../http/pagination.js';
import { ScanTargetError } from '../../system/network/targets.js';
import type { Body } from './field-rules.js';
import { presentSchedule, type ScheduleView } from './inventory.presenter.js';
import { nextRun, rruleProblem, type Timing } from './schedule-recurrence.js';
import { BOTH_TIMINGS, NAME_TAKEN, NO_TIMING, parseScheduleInput, type ScheduleInput } from './schedule-validation.js';
import type { TargetResolver } from './scan-targets.js';
import type { Schedule, SchedulesRepository } from './schedules.repository.js';

const TIMING_FIELDS = ['everyMinutes', 'rrule', 'timezone', 'enabled'] as const;

/** Scan schedules (docs/inventory.md): validation and CRUD. When they run is schedule-runner.ts. */
export class SchedulesService {
  constructor(
    private readonly schedules: SchedulesRepository,
    private readonly targets: TargetResolver,
    private readonly clock: () => Date,
  ) {}

  async list(window: ListWindow): Promise<Listing<ScheduleView>> {
    const [count, rows] = await Promise.all([this.schedules.count(), this.schedules.list(window.offset, window.limit)]);
    return { count, rows: rows.map(presentSchedule) };
  }

  async find(id: string): Promise<Schedule> {
    const schedule = isUuid(id) ? await this.schedules.find(id.toLowerCase()) : undefined;
    if (!schedule) throw notFound();
    return schedule;
  }

  async create(body: Body): Promise<ScheduleView> {
    const input = parseScheduleInput(body, 'create');
    const now = this.clock();
    const at = now.toISOString();
    const draft: Schedule = {
      id: randomUUID(), name: input.name!, ipRange: input.ipRange!, scanType: input.scanType ?? 'basic', everyMinutes: null, rrule: null,
      timezone: input.timezone ?? 'UTC', enabled: input.enabled ?? true, lastRunAt: null, nextRunAt: null, lastScanId: null,
      lastError: null, createdAt: at, updatedAt: at,
    };
    const schedule = await this.checked(draft, input, now);
    return presentSchedule(await this.save(() => this.schedules.insert({ ...schedule, nextRunAt: this.nextRunOf(schedule, now) })));
  }

  async update(id: string, body: Body, mode: 'put' | 'patch'): Promise<ScheduleView> {
    const current = await this.find(id);
    const input = parseScheduleInput(body, mode);
    const now = this.clock();
    // PUT replaces: what it leaves out takes the defaults of a new schedule.
    const base: Schedule = mode === 'put' ? { ...current, scanType: 'basic', everyMinutes: null, rrule: null, timezone: 'UTC', enabled: true } : current;
    const schedule = await this.checked(base, input, now);
    const retimed = mode === 'put' || TIMING_FIELDS.some((f) => input[f] !== undefined);
    const { id: _id, createdAt: _created, ...changes } = schedule;
    const updated = await this.save(() => this.schedules.update(current.id, {
      ...changes, updatedAt: now.toISOString(), ...(retimed ? { nextRunAt: this.nextRunOf(schedule, now) } : {}),
    }));
    return presentSchedule(updated!);
  }

  async delete(id: string): Promise<void> {
    const schedule = await this.find(id);
    await this.schedules.delete(schedule.id);
  }

  /** `base` with the body's fields: a whole timing, a range the scan rules allow, a free name. */
  private async checked(base: Schedule, input: ScheduleInput, now: Date): Promise<Schedule> {
    const merged: Schedule = { ...base, ...input };
    // Giving one timing replaces the other.
    if (typeof input.everyMinutes === 'number' && input.rrule === undefined) merged.rrule = null;
    if (typeof input.rrule === 'string' && input.everyMinutes === undefined) merged.everyMinutes = null;
    const errors = new FieldErrorCollector();
    if (merged.everyMinutes !== null && merged.rrule !== null) errors.add('every_minutes', BOTH_TIMINGS);
    else if (merged.everyMinutes === null && merged.rrule === null) errors.add('every_minutes', NO_TIMING);
    else if (merged.rrule !== null) {
      const problem = rruleProblem(merged.rrule, merged.timezone, new Date(merged.createdAt), now);
      if (problem) errors.add('rrule', problem);
    }
    if (input.ipRange !== undefined) {
      // The rules of a scan request: inside SCAN_ALLOWED_NETWORKS, at most SCAN_MAX_HOSTS.
      try {
        this.targets.explicit(merged.ipRange);
      } catch (error) {
        if (!(error instanceof ScanTargetError) || !error.field) throw error;
        errors.add('ip_range', error.message);
      }
    }
    if (input.name !== undefined) {
      const owner = await this.schedules.findByName(merged.name);
      if (owner && owner.id !== base.id) errors.add('name', NAME_TAKEN);
    }
    errors.throwIfAny();
    return merged;
  }

  private nextRunOf(s: Schedule, now: Date): string | null {
    if (!s.enabled) return null;
    return nextRun(timingOf(s), new Date(s.createdAt), now)?.toISOString() ?? null;
  }

  private async save<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error)) throw validationError({ name: [NAME_TAKEN] });
      throw error;
    }
  }
}

export const timingOf = (s: Schedule): Timing => ({ everyMinutes: s.everyMinutes, rrule: s.rrule, timezone: s.timezone });
