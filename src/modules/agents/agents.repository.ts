import type { Kysely, Selectable, Updateable } from 'kysely';
import type { AgentsTable, DB } from '../../db/tables.js';
import { bool, json, nowIso, toJson } from '../../db/values.js';
import type { MetricsSnapshot } from '../../system/metrics/snapshot.js';

export interface StoredAgent {
  id: string;
  name: string;
  hostname: string;
  tokenSet: boolean;
  online: boolean;
  lastSeenAt: string | null;
  lastSampleAt: string | null;
  version: string;
  os: string;
  tags: string[];
  createdBy: number | null;
  createdAt: string;
  updatedAt: string;
}

type Row = Selectable<AgentsTable>;
const COLUMNS = [
  'id', 'name', 'hostname', 'token_hash', 'online', 'last_seen_at', 'last_sample_at', 'version', 'os', 'tags', 'created_by', 'created_at', 'updated_at',
] as const;

function fromRow(r: Pick<Row, (typeof COLUMNS)[number]>): StoredAgent {
  return {
    id: r.id, name: r.name, hostname: r.hostname, tokenSet: r.token_hash !== null, online: bool(r.online),
    lastSeenAt: r.last_seen_at, lastSampleAt: r.last_sample_at, version: r.version, os: r.os, tags: json<string[]>(r.tags, []),
    createdBy: r.created_by, createdAt: r.created_at, updatedAt: r.updated_at,
  };
}

/** The `agents` table (migration 012). */
export class AgentsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async list(offset: number, limit: number): Promise<StoredAgent[]> {
    const rows = await this.db.selectFrom('agents').select(COLUMNS).orderBy('name_normalized').orderBy('id').offset(offset).limit(limit).execute();
    return rows.map(fromRow);
  }

  async all(): Promise<StoredAgent[]> {
    return (await this.db.selectFrom('agents').select(COLUMNS).orderBy('name_normalized').execute()).map(fromRow);
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('agents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async get(id: string): Promise<StoredAgent | undefined> {
    const row = await this.db.selectFrom('agents').select(COLUMNS).where('id', '=', id).executeTakeFirst();
    return row && fromRow(row);
  }

  async byTokenHash(hash: string): Promise<StoredAgent | undefined> {
    const row = await this.db.selectFrom('agents').select(COLUMNS).where('token_hash', '=', hash).executeTakeFirst();
    return row && fromRow(row);
  }

  async nameTaken(normalized: string, exceptId?: string): Promise<boolean> {
    let q = this.db.selectFrom('agents').select('id').where('name_normalized', '=', normalized);
    if (exceptId) q = q.where('id', '!=', exceptId);
    return (await q.executeTakeFirst()) !== undefined;
  }

  async insert(a: { id: string; name: string; tags: string[]; tokenHash: string; createdBy: number | null }): Promise<void> {
    const at = nowIso();
    await this.db.insertInto('agents').values({
      id: a.id, name: a.name, name_normalized: a.name.toLowerCase(), hostname: '', token_hash: a.tokenHash, online: false,
      last_seen_at: null, last_sample_at: null, last_sample: null, version: '', os: '', tags: toJson(a.tags),
      created_by: a.createdBy, created_at: at, updated_at: at,
    }).execute();
  }

  async update(id: string, changes: { name?: string; tags?: string[]; tokenHash?: string; hostname?: string; version?: string; os?: string }): Promise<boolean> {
    const set: Updateable<AgentsTable> = { updated_at: nowIso() };
    if (changes.name !== undefined) Object.assign(set, { name: changes.name, name_normalized: changes.name.toLowerCase() });
    if (changes.tags !== undefined) set.tags = toJson(changes.tags);
    if (changes.tokenHash !== undefined) set.token_hash = changes.tokenHash;
    if (changes.hostname !== undefined) set.hostname = changes.hostname;
    if (changes.version !== undefined) set.version = changes.version;
    if (changes.os !== undefined) set.os = changes.os;
    const result = await this.db.updateTable('agents').set(set).where('id', '=', id).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('agents').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Records that the agent was heard; true when this turned it from offline to online (exactly one instance sees true). */
  async markSeen(id: string, seenAt: string, sample: { at: string; snapshot: MetricsSnapshot } | null): Promise<boolean> {
    const set: Updateable<AgentsTable> = { last_seen_at: seenAt };
    if (sample) Object.assign(set, { last_sample_at: sample.at, last_sample: toJson(sample.snapshot) });
    const cameOnline = await this.db.updateTable('agents').set({ ...set, online: true })
      .where('id', '=', id).where('online', '=', false).executeTakeFirst();
    if (Number(cameOnline.numUpdatedRows) > 0) return true;
    await this.db.updateTable('agents').set(set).where('id', '=', id).execute();
    return false;
  }

  /** Turns the online agents last heard before `cutoff` offline; returns those it turned (each once, whatever the instance). */
  async markSilentOffline(cutoff: string): Promise<StoredAgent[]> {
    const silent = await this.db.selectFrom('agents').select(COLUMNS)
      .where('online', '=', true).where((eb) => eb.or([eb('last_seen_at', '<', cutoff), eb('last_seen_at', 'is', null)])).execute();
    const turned: StoredAgent[] = [];
    for (const row of silent) {
      const result = await this.db.updateTable('agents').set({ online: false })
        .where('id', '=', row.id).where('online', '=', true)
        .where((eb) => (row.last_seen_at === null ? eb('last_seen_at', 'is', null) : eb('last_seen_at', '=', row.last_seen_at)))
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) > 0) turned.push({ ...fromRow(row), online: false });
    }
    return turned;
  }

  /** The newest stored sample of each agent (for instances the agent is not connected to). */
  async lastSample(id: string): Promise<{ at: string; snapshot: MetricsSnapshot } | null> {
    const row = await this.db.selectFrom('agents').select(['last_sample_at', 'last_sample']).where('id', '=', id).executeTakeFirst();
    const snapshot = row ? json<MetricsSnapshot | null>(row.last_sample, null) : null;
    return row?.last_sample_at && snapshot ? { at: row.last_sample_at, snapshot } : null;
  }
}
