import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.js';

/**
 * Cluster-wide leases in `job_locks` (models.md §6.1): a periodic job runs where its lease is held, so
 * several instances sharing a database run it once.
 */
export class JobLocks {
  constructor(private readonly db: Kysely<DB>, private readonly instance: string) {}

  async acquire(name: string, leaseMs: number): Promise<boolean> {
    const now = new Date();
    const until = new Date(now.getTime() + leaseMs).toISOString();
    const nowText = now.toISOString();
    const taken = await this.db.updateTable('job_locks').set({ locked_by: this.instance, locked_until: until, updated_at: nowText })
      .where('name', '=', name)
      .where((eb) => eb.or([eb('locked_by', '=', this.instance), eb('locked_until', '<', nowText)]))
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) > 0) return true;
    const inserted = await this.db.insertInto('job_locks')
      .values({ name, locked_by: this.instance, locked_until: until, updated_at: nowText })
      .onConflict((oc) => oc.column('name').doNothing())
      .executeTakeFirst();
    return Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  async release(name: string): Promise<void> {
    await this.db.deleteFrom('job_locks').where('name', '=', name).where('locked_by', '=', this.instance).execute();
  }
}
