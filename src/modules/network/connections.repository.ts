import type { Kysely, Selectable, Updateable } from 'kysely';
import type { DB, NetworkConnectionsTable } from '../../db/tables.js';
import { bool, json, nowIso, toJson } from '../../db/values.js';

/** A connection (models.md §3.2) with engines' value forms normalised. */
export interface Connection {
  id: string;
  source: string;
  target: string;
  label: string | null;
  type: string;
  status: string;
  bandwidth: number | null;
  latency: number | null;
  packetLoss: number | null;
  traffic: number | null;
  metadata: Record<string, unknown>;
  inferred: boolean;
  evidence: string[];
  confidence: number;
  createdAt: string;
  updatedAt: string;
}

export type ConnectionChanges = Partial<Omit<Connection, 'id' | 'createdAt'>>;

/** One connection per unordered pair: `<smaller id>:<larger id>`. */
export const pairKey = (a: string, b: string): string => (a < b ? `${a}:${b}` : `${b}:${a}`);

const num = (v: number | null) => (v === null ? null : Number(v));

function toConnection(row: Selectable<NetworkConnectionsTable>): Connection {
  return {
    id: row.id, source: row.source_id, target: row.target_id, label: row.label, type: row.type, status: row.status,
    bandwidth: num(row.bandwidth), latency: num(row.latency), packetLoss: num(row.packet_loss), traffic: num(row.traffic),
    metadata: json<Record<string, unknown>>(row.metadata, {}), inferred: bool(row.inferred),
    evidence: json<string[]>(row.evidence, []), confidence: Number(row.confidence), createdAt: row.created_at, updatedAt: row.updated_at,
  };
}

function toColumns(c: ConnectionChanges): Updateable<NetworkConnectionsTable> {
  const out: Updateable<NetworkConnectionsTable> = {};
  if (c.source !== undefined) out.source_id = c.source;
  if (c.target !== undefined) out.target_id = c.target;
  if (c.source !== undefined && c.target !== undefined) out.pair_key = pairKey(c.source, c.target);
  if (c.label !== undefined) out.label = c.label;
  if (c.type !== undefined) out.type = c.type;
  if (c.status !== undefined) out.status = c.status;
  if (c.bandwidth !== undefined) out.bandwidth = c.bandwidth;
  if (c.latency !== undefined) out.latency = c.latency;
  if (c.packetLoss !== undefined) out.packet_loss = c.packetLoss;
  if (c.traffic !== undefined) out.traffic = c.traffic;
  if (c.metadata !== undefined) out.metadata = toJson(c.metadata);
  if (c.inferred !== undefined) out.inferred = c.inferred;
  if (c.evidence !== undefined) out.evidence = toJson(c.evidence);
  if (c.confidence !== undefined) out.confidence = c.confidence;
  if (c.updatedAt !== undefined) out.updated_at = c.updatedAt;
  return out;
}

/** `network_connections` and `connection_suppressions`. */
export class ConnectionsRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private filtered(device?: string) {
    let q = this.db.selectFrom('network_connections');
    if (device) q = q.where((eb) => eb.or([eb('source_id', '=', device), eb('target_id', '=', device)]));
    return q;
  }

  async list(device: string | undefined, offset: number, limit: number): Promise<Connection[]> {
    const rows = await this.filtered(device).selectAll().orderBy('updated_at', 'desc').orderBy('id').offset(offset).limit(limit).execute();
    return rows.map(toConnection);
  }

  async count(device?: string): Promise<number> {
    const row = await this.filtered(device).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async all(): Promise<Connection[]> {
    const rows = await this.db.selectFrom('network_connections').selectAll().orderBy('updated_at', 'desc').orderBy('id').execute();
    return rows.map(toConnection);
  }

  /** Connections whose both ends are in `ids`, ordered by `updatedAt` descending. */
  async among(ids: ReadonlySet<string>): Promise<Connection[]> {
    return (await this.all()).filter((c) => ids.has(c.source) && ids.has(c.target));
  }

  async touching(ids: readonly string[]): Promise<Connection[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('network_connections').selectAll()
      .where((eb) => eb.or([eb('source_id', 'in', [...ids]), eb('target_id', 'in', [...ids])])).execute();
    return rows.map(toConnection);
  }

  async find(id: string): Promise<Connection | undefined> {
    const row = await this.db.selectFrom('network_connections').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toConnection(row);
  }

  async findByPair(a: string, b: string): Promise<Connection | undefined> {
    const row = await this.db.selectFrom('network_connections').selectAll().where('pair_key', '=', pairKey(a, b)).executeTakeFirst();
    return row && toConnection(row);
  }

  async insert(c: Connection): Promise<Connection> {
    await this.db.insertInto('network_connections').values({
      id: c.id, created_at: c.createdAt, ...toColumns(c), pair_key: pairKey(c.source, c.target),
    } as NetworkConnectionsTable).execute();
    return (await this.find(c.id))!;
  }

  async update(id: string, changes: ConnectionChanges): Promise<Connection | undefined> {
    const columns = toColumns(changes);
    if (Object.keys(columns).length > 0) await this.db.updateTable('network_connections').set(columns).where('id', '=', id).execute();
    return this.find(id);
  }

  async setStatus(ids: readonly string[], status: string): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable('network_connections').set({ status, updated_at: nowIso() }).where('id', 'in', [...ids]).execute();
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('network_connections').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Remembers a pair a user deleted (models.md §3.3); the scanner never infers it again. */
  async suppress(a: string, b: string, userId: number | null): Promise<void> {
    const [first, second] = a < b ? [a, b] : [b, a];
    await this.db.insertInto('connection_suppressions')
      .values({ device_a_id: first, device_b_id: second, created_at: nowIso(), created_by: userId })
      .onConflict((oc) => oc.columns(['device_a_id', 'device_b_id']).doNothing()).execute();
  }

  async suppressedPairs(): Promise<Set<string>> {
    const rows = await this.db.selectFrom('connection_suppressions').select(['device_a_id', 'device_b_id']).execute();
    return new Set(rows.map((r) => pairKey(r.device_a_id, r.device_b_id)));
  }
}
