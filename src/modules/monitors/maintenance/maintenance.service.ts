import { randomUUID } from 'node:crypto';
import type { Principal } from '../../../auth/permissions.js';
import { isUuid, wireTime } from '../../../db/values.js';
import { notFound } from '../../../errors.js';
import type { ListWindow, Listing } from '../../../http/pagination.js';
import { MaintenanceCalendar } from './maintenance-calendar.js';
import type { MaintenanceRepository } from './maintenance.repository.js';
import type { StoredWindow } from './maintenance-types.js';
import { validateWindow } from './maintenance.validation.js';

/**
 * Maintenance windows (monitoring.md §3). The windows are few and read on every check, so they are kept in a
 * calendar in memory and written through to the database.
 */
export class MaintenanceService {
  private windows: StoredWindow[] = [];
  private calendar = new MaintenanceCalendar([]);

  constructor(private readonly repo: MaintenanceRepository, private readonly deps: { monitorExists(id: string): boolean }) {}

  async load(): Promise<void> {
    this.set(await this.repo.all());
  }

  /** Whether `monitorId` is in an active window at `at`. */
  covers(monitorId: string, at: Date): boolean {
    return this.calendar.activeFor(monitorId, at);
  }

  async list(window: ListWindow): Promise<Listing<ReturnType<MaintenanceService['present']>>> {
    return { count: this.windows.length, rows: this.windows.slice(window.offset, window.offset + window.limit).map((w) => this.present(w)) };
  }

  get(id: string) {
    return this.present(this.find(id));
  }

  async create(p: Principal, body: Record<string, unknown>) {
    const values = validateWindow(body, undefined, true, this.deps.monitorExists);
    const stored = await this.repo.insert(randomUUID(), values, p.userId);
    this.set([...this.windows, stored]);
    return this.present(stored);
  }

  async update(id: string, body: Record<string, unknown>, full: boolean) {
    const current = this.find(id);
    const values = validateWindow(body, current, full, this.deps.monitorExists);
    const stored = await this.repo.update(id, values);
    if (!stored) throw notFound();
    this.set(this.windows.map((w) => (w.id === id ? stored : w)));
    return this.present(stored);
  }

  async delete(id: string): Promise<void> {
    this.find(id);
    await this.repo.delete(id);
    this.set(this.windows.filter((w) => w.id !== id));
  }

  private set(windows: StoredWindow[]): void {
    this.windows = windows;
    this.calendar = new MaintenanceCalendar(windows);
  }

  private find(id: string): StoredWindow {
    const w = isUuid(id) ? this.windows.find((x) => x.id === id) : undefined;
    if (!w) throw notFound();
    return w;
  }

  private present(w: StoredWindow) {
    return {
      id: w.id, title: w.title, description: w.description, monitors: w.monitors, all_monitors: w.all_monitors,
      starts_at: wireTime(w.starts_at), ends_at: wireTime(w.ends_at), recurrence: w.recurrence,
      active_now: this.calendar.isActive(w.id, new Date()), created_at: wireTime(w.created_at), updated_at: wireTime(w.updated_at),
    };
  }
}
