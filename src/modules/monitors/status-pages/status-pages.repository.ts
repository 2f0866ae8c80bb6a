import type { Kysely, Selectable } from 'kysely';
import type { DB, StatusPagesTable } from '../../../db/tables.js';
import { bool, json, nowIso, toJson } from '../../../db/values.js';

export interface StatusPageValues {
  slug: string;
  title: string;
  description: string;
  monitors: string[];
  published: boolean;
  show_response_times: boolean;
  footer: string;
}

export interface StoredStatusPage extends StatusPageValues {
  id: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

const fromRow = (row: Selectable<StatusPagesTable>): StoredStatusPage => ({
  id: row.id, slug: row.slug, title: row.title, description: row.description, monitors: json<string[]>(row.monitors, []),
  published: bool(row.published), show_response_times: bool(row.show_response_times), footer: row.footer,
  created_by: row.created_by === null ? null : Number(row.created_by), created_at: row.created_at, updated_at: row.updated_at,
});

const columns = (v: StatusPageValues) => ({
  slug: v.slug, title: v.title, description: v.description, monitors: toJson(v.monitors), published: v.published,
  show_response_times: v.show_response_times, footer: v.footer,
});

/** `status_pages`. */
export class StatusPagesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async all(): Promise<StoredStatusPage[]> {
    return (await this.db.selectFrom('status_pages').selectAll().orderBy('slug').execute()).map(fromRow);
  }

  async bySlug(slug: string): Promise<StoredStatusPage | undefined> {
    const row = await this.db.selectFrom('status_pages').selectAll().where('slug', '=', slug).executeTakeFirst();
    return row && fromRow(row);
  }

  async insert(id: string, v: StatusPageValues, createdBy: number | null): Promise<StoredStatusPage> {
    const now = nowIso();
    await this.db.insertInto('status_pages').values({ id, ...columns(v), created_by: createdBy, created_at: now, updated_at: now }).execute();
    return (await this.bySlug(v.slug))!;
  }

  async update(id: string, v: StatusPageValues): Promise<StoredStatusPage | undefined> {
    await this.db.updateTable('status_pages').set({ ...columns(v), updated_at: nowIso() }).where('id', '=', id).execute();
    return this.bySlug(v.slug);
  }

  async delete(id: string): Promise<void> {
    await this.db.deleteFrom('status_pages').where('id', '=', id).execute();
  }
}
