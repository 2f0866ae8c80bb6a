import { sql, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { DB, NetworkDevicesTable } from '../../db/tables.js';
import { bool, json, toJson } from '../../db/values.js';

/** A network device as the domain sees it (models.md §3.1), engines' value forms normalised. */
export interface Device {
  id: string;
  label: string;
  type: string;
  ip: string | null;
  mac: string | null;
  hostname: string | null;
  hostnameSource: string | null;
  vendor: string | null;
  macRandomized: boolean;
  status: string;
  firstSeen: string;
  lastSeen: string;
  missedScans: number;
  isIgnored: boolean;
  isManuallyAdded: boolean;
  pinnedFields: string[];
  tags: string[];
  metadata: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  /** False for a device a scan discovered until someone acknowledges it (the "new devices" queue). */
  reviewed: boolean;
  groups: string[];
}

export type DeviceChanges = Partial<Omit<Device, 'id' | 'createdAt'>>;

export interface DeviceFilters {
  status?: string;
  type?: string;
  isIgnored?: boolean;
  tag?: string;
  group?: string;
  reviewed?: boolean;
  search?: string;
}

/** A group name as most of its devices spell it (a tie: the first in code-point order), with how many devices are in it and how many of them are online. */
export interface GroupCount { name: string; devices: number; online: number }

const COLUMNS: Record<keyof DeviceChanges, keyof NetworkDevicesTable> = {
  label: 'label', type: 'type', ip: 'ip', mac: 'mac', hostname: 'hostname', hostnameSource: 'hostname_source',
  vendor: 'vendor', macRandomized: 'mac_randomized', status: 'status', firstSeen: 'first_seen', lastSeen: 'last_seen',
  missedScans: 'missed_scans', isIgnored: 'is_ignored', isManuallyAdded: 'is_manually_added', pinnedFields: 'pinned_fields',
  tags: 'tags', metadata: 'metadata', updatedAt: 'updated_at', reviewed: 'reviewed', groups: 'group_names',
};
const JSON_FIELDS = new Set(['pinnedFields', 'tags', 'metadata', 'groups']);

function toDevice(row: Selectable<NetworkDevicesTable>): Device {
  return {
    id: row.id, label: row.label, type: row.type, ip: row.ip, mac: row.mac, hostname: row.hostname,
    hostnameSource: row.hostname_source, vendor: row.vendor, macRandomized: bool(row.mac_randomized), status: row.status,
    firstSeen: row.first_seen, lastSeen: row.last_seen, missedScans: Number(row.missed_scans), isIgnored: bool(row.is_ignored),
    isManuallyAdded: bool(row.is_manually_added), pinnedFields: json<string[]>(row.pinned_fields, []),
    tags: json<string[]>(row.tags, []), metadata: json<Record<string, unknown>>(row.metadata, {}),
    createdAt: row.created_at, updatedAt: row.updated_at, reviewed: bool(row.reviewed), groups: json<string[]>(row.group_names, []),
  };
}

function toColumns(changes: DeviceChanges): Updateable<NetworkDevicesTable> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(changes)) {
    const column = COLUMNS[key as keyof DeviceChanges];
    if (value === undefined || !column) continue;
    out[column] = JSON_FIELDS.has(key) ? toJson(value) : value;
  }
  return out as Updateable<NetworkDevicesTable>;
}

const likePattern = (text: string) => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** `network_devices`. Only this class touches the table. */
export class DevicesRepository {
  constructor(private readonly db: Kysely<DB>) {}

  private filtered(f: DeviceFilters) {
    let q = this.db.selectFrom('network_devices');
    if (f.status) q = q.where('status', '=', f.status);
    if (f.type) q = q.where('type', '=', f.type);
    if (f.isIgnored !== undefined) q = q.where('is_ignored', '=', f.isIgnored);
    if (f.tag) q = q.where(sql<string>`lower(cast(tags as text))`, 'like', sql<string>`${likePattern(JSON.stringify(f.tag))} escape '\\'`);
    if (f.group) q = q.where(sql<string>`lower(cast(group_names as text))`, 'like', sql<string>`${likePattern(JSON.stringify(f.group))} escape '\\'`);
    if (f.reviewed !== undefined) q = q.where('reviewed', '=', f.reviewed);
    if (f.search) {
      const pattern = likePattern(f.search);
      q = q.where((eb) => eb.or(['label', 'hostname', 'ip', 'mac', 'vendor'].map((column) =>
        eb(sql<string>`lower(${sql.ref(column)})`, 'like', sql<string>`${pattern} escape '\\'`))));
    }
    return q;
  }

  async list(filters: DeviceFilters, offset: number, limit: number): Promise<Device[]> {
    const rows = await this.filtered(filters).selectAll().orderBy('last_seen', 'desc').orderBy('id').offset(offset).limit(limit).execute();
    return rows.map(toDevice);
  }

  async count(filters: DeviceFilters): Promise<number> {
    const row = await this.filtered(filters).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async countAll(): Promise<number> {
    return this.count({});
  }

  /** Known devices per status (ignored devices left out). */
  async countByStatus(): Promise<Record<string, number>> {
    const rows = await this.db.selectFrom('network_devices')
      .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
      .where('is_ignored', '=', false).groupBy('status').execute();
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  /** Every group in use; names that differ only in case are one group. */
  async groupCounts(): Promise<GroupCount[]> {
    const rows = await this.db.selectFrom('network_devices').select(['group_names', 'status']).execute();
    const groups = new Map<string, { spellings: Map<string, number>; devices: number; online: number }>();
    for (const row of rows) {
      for (const name of json<string[]>(row.group_names, [])) {
        const key = name.toLowerCase();
        const group = groups.get(key) ?? { spellings: new Map(), devices: 0, online: 0 };
        group.spellings.set(name, (group.spellings.get(name) ?? 0) + 1);
        group.devices += 1;
        if (row.status === 'online') group.online += 1;
        groups.set(key, group);
      }
    }
    const spelling = (counts: Map<string, number>) => [...counts].sort(([a, m], [b, n]) => n - m || (a < b ? -1 : 1))[0][0];
    return [...groups.values()].map((g) => ({ name: spelling(g.spellings), devices: g.devices, online: g.online }))
      .sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base' }));
  }

  /** Every device, by label: the inventory export. */
  async all(filters: DeviceFilters): Promise<Device[]> {
    const rows = await this.filtered(filters).selectAll().orderBy('label').orderBy('id').execute();
    return rows.map(toDevice);
  }

  async find(id: string): Promise<Device | undefined> {
    const row = await this.db.selectFrom('network_devices').selectAll().where('id', '=', id).executeTakeFirst();
    return row && toDevice(row);
  }

  async findMany(ids: readonly string[]): Promise<Device[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('network_devices').selectAll().where('id', 'in', [...ids]).execute();
    return rows.map(toDevice);
  }

  async findByMac(mac: string): Promise<Device | undefined> {
    const row = await this.db.selectFrom('network_devices').selectAll().where('mac', '=', mac).executeTakeFirst();
    return row && toDevice(row);
  }

  /** Devices with any of these MACs or IPs: the candidates for identity matching (scanner.md §6.1). */
  async findByMacsOrIps(macs: readonly string[], ips: readonly string[]): Promise<Device[]> {
    if (macs.length === 0 && ips.length === 0) return [];
    const rows = await this.db.selectFrom('network_devices').selectAll().where((eb) => eb.or([
      ...(macs.length ? [eb('mac', 'in', [...macs])] : []),
      ...(ips.length ? [eb('ip', 'in', [...ips])] : []),
    ])).orderBy('last_seen', 'desc').execute();
    return rows.map(toDevice);
  }

  async withIp(): Promise<Device[]> {
    const rows = await this.db.selectFrom('network_devices').selectAll().where('ip', 'is not', null).execute();
    return rows.map(toDevice);
  }

  /** Not ignored, ordered as rest.md §1.7 (`lastSeen` descending) or by label (`get_network_map`). */
  async visible(order: 'lastSeen' | 'label'): Promise<Device[]> {
    let q = this.db.selectFrom('network_devices').selectAll().where('is_ignored', '=', false);
    q = order === 'label' ? q.orderBy('label').orderBy('id') : q.orderBy('last_seen', 'desc').orderBy('id');
    return (await q.execute()).map(toDevice);
  }

  async insert(device: Device): Promise<Device> {
    await this.db.insertInto('network_devices').values({
      id: device.id, created_at: device.createdAt, ...toColumns(device),
    } as NetworkDevicesTable).execute();
    return (await this.find(device.id))!;
  }

  async update(id: string, changes: DeviceChanges): Promise<Device | undefined> {
    if (Object.keys(toColumns(changes)).length > 0) {
      await this.db.updateTable('network_devices').set(toColumns(changes)).where('id', '=', id).execute();
    }
    return this.find(id);
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('network_devices').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
