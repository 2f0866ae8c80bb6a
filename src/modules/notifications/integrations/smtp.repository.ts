import type { Insertable, Kysely, Selectable } from 'kysely';
import type { DB, SmtpSettingsTable } from '../../../db/tables.js';

export type SmtpRow = Selectable<SmtpSettingsTable>;

/** The single row of smtp_settings (models.md §5.5). */
export class SmtpRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async get(): Promise<SmtpRow | undefined> {
    return this.db.selectFrom('smtp_settings').selectAll().where('id', '=', 1).executeTakeFirst();
  }

  async save(values: Omit<Insertable<SmtpSettingsTable>, 'id'>): Promise<void> {
    await this.db.insertInto('smtp_settings').values({ id: 1, ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet(values))
      .execute();
  }

  async delete(): Promise<void> {
    await this.db.deleteFrom('smtp_settings').where('id', '=', 1).execute();
  }

  async recordTest(at: string, ok: boolean): Promise<void> {
    await this.db.updateTable('smtp_settings').set({ last_tested_at: at, last_test_ok: ok }).where('id', '=', 1).execute();
  }
}
