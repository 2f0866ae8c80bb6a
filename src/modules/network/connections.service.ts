import { randomUUID } from 'node:crypto';
import { isUniqueViolation } from '../../db/database.js';
import { isUuid, nowIso } from '../../db/values.js';
import { FieldErrorCollector, notFound, validationError } from '../../errors.js';
import type { ListWindow, Listing } from '../../http/pagination.js';
import type { Connection, ConnectionChanges, ConnectionsRepository } from './connections.repository.js';
import type { DevicesRepository } from './devices.repository.js';
import { choice, measure, metadataObject, nullableText, REQUIRED, type Body } from './field-rules.js';
import type { NetworkEvents } from './network-events.js';
import { presentConnection, type ConnectionView } from './network.presenter.js';

export const CONNECTION_TYPES = ['wired', 'wireless', 'vpn', 'other'] as const;
export const CONNECTION_STATUSES = ['active', 'inactive', 'warning', 'error'] as const;
export const DUPLICATE_PAIR = 'The fields source, target must make a unique set.';
export const SAME_DEVICE = 'Source and target must be different devices.';

/** Connection CRUD (rest.md §8.4). */
export class ConnectionsService {
  constructor(
    private readonly connections: ConnectionsRepository,
    private readonly devices: DevicesRepository,
    private readonly events: NetworkEvents,
  ) {}

  /** Connections, last updated first; `filter.device` keeps those touching that device (none for a malformed id). */
  async list(filter: { device?: string }, window: ListWindow): Promise<Listing<ConnectionView>> {
    const { device } = filter;
    if (device && !isUuid(device)) return { count: 0, rows: [] };
    const [count, rows] = await Promise.all([this.connections.count(device), this.connections.list(device, window.offset, window.limit)]);
    return { count, rows: rows.map(presentConnection) };
  }

  async find(id: string): Promise<Connection> {
    const connection = isUuid(id) ? await this.connections.find(id) : undefined;
    if (!connection) throw notFound();
    return connection;
  }

  private async endpoint(body: Body, field: 'source' | 'target', required: boolean, errors: FieldErrorCollector): Promise<string | undefined> {
    const v = body[field];
    if (v === undefined || v === null || v === '') {
      if (required || v !== undefined) errors.add(field, REQUIRED);
      return undefined;
    }
    if (typeof v !== 'string' || !isUuid(v) || !(await this.devices.find(v.toLowerCase()))) {
      errors.add(field, `Invalid pk "${String(v)}" - object does not exist.`);
      return undefined;
    }
    return v.toLowerCase();
  }

  /** Validated changes; `current` is the connection being edited (null on create). */
  private async parse(body: Body, current: Connection | null, requireEnds: boolean): Promise<ConnectionChanges & { source: string; target: string }> {
    const errors = new FieldErrorCollector();
    const source = (await this.endpoint(body, 'source', requireEnds, errors)) ?? current?.source;
    const target = (await this.endpoint(body, 'target', requireEnds, errors)) ?? current?.target;
    const changes: ConnectionChanges = {
      label: nullableText(body, 'label', 100, errors),
      type: choice(body, 'type', CONNECTION_TYPES, errors),
      status: choice(body, 'status', CONNECTION_STATUSES, errors),
      bandwidth: measure(body, 'bandwidth', errors),
      latency: measure(body, 'latency', errors),
      packetLoss: measure(body, 'packet_loss', errors, 'packetLoss'),
      traffic: measure(body, 'traffic', errors),
      metadata: metadataObject(body, 'metadata', errors),
    };
    errors.throwIfAny();
    if (source === target) throw validationError({ non_field_errors: [SAME_DEVICE] });
    const existing = await this.connections.findByPair(source!, target!);
    if (existing && existing.id !== current?.id) throw validationError({ non_field_errors: [DUPLICATE_PAIR] });
    const defined = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) as ConnectionChanges;
    return { ...defined, source: source!, target: target! };
  }

  private async save<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error)) throw validationError({ non_field_errors: [DUPLICATE_PAIR] });
      throw error;
    }
  }

  async create(body: Body): Promise<ConnectionView> {
    const input = await this.parse(body, null, true);
    const now = nowIso();
    const created = await this.save(() => this.connections.insert({
      id: randomUUID(), label: null, type: 'wired', status: 'inactive', bandwidth: null, latency: null, packetLoss: null, traffic: null,
      metadata: {}, ...input, inferred: false, evidence: ['manual'], confidence: 1, createdAt: now, updatedAt: now,
    }));
    const view = presentConnection(created);
    this.events.networkUpdate('new_connection', view);
    return view;
  }

  /** PUT and PATCH; an edited inferred connection becomes manual. */
  async update(id: string, body: Body, mode: 'put' | 'patch'): Promise<ConnectionView> {
    const current = await this.find(id);
    const input = await this.parse(body, current, mode === 'put');
    const updated = await this.save(() => this.connections.update(current.id, {
      ...input, inferred: false, evidence: ['manual'], confidence: 1, updatedAt: nowIso(),
    }));
    await this.events.topologyChanged();
    return presentConnection(updated!);
  }

  async delete(id: string, userId: number): Promise<void> {
    const connection = await this.find(id);
    await this.connections.delete(connection.id);
    await this.connections.suppress(connection.source, connection.target, userId);
    await this.events.topologyChanged();
  }
}
