import { randomUUID } from 'node:crypto';
import type { Principal } from '../../../auth/permissions.js';
import type { SecretBox } from '../../../crypto/secrets.js';
import { bool, isUuid, json, nowIso, toJson, wireTime } from '../../../db/values.js';
import { badGateway, FieldErrorCollector, notFound } from '../../../errors.js';
import type { ListWindow } from '../../../http/pagination.js';
import { ADDRESS_REFUSED } from './webhooks.service.js';
import { CHANNEL_KINDS, kindOf } from '../channels/kinds/index.js';
import { ChannelFailure, type ChannelConfig, type ChannelEventName, type ChannelKind, type ChannelMessage, type Severity } from '../channels/kinds/kind.js';
import type { OutboundPolicy } from '../channels/outbound-policy.js';
import { mergeConfig, readChannelBody, urlsOf } from './channels.validation.js';
import type { ChannelSender } from '../channels/channel-sender.js';
import type { ChannelRow, ChannelsRepository } from './channels.repository.js';

export interface ChannelsServiceDeps {
  repo: ChannelsRepository;
  secrets: SecretBox;
  sender: ChannelSender;
  policy: OutboundPolicy;
  /** PUBLIC_URL: the dashboard link of test messages. */
  publicUrl: string | null;
}

/** The Channel of monitoring.md §5.1: secrets never leave, `<key>_set` tells whether one is stored. */
export function presentChannel(row: ChannelRow, kind: ChannelKind | undefined, secretKeys: ReadonlySet<string>) {
  const config: Record<string, unknown> = { ...json<Record<string, unknown>>(row.config, {}) };
  for (const field of kind?.fields ?? []) if (field.secret) config[`${field.key}_set`] = secretKeys.has(field.key);
  return {
    id: row.id, name: row.name, kind: row.kind, config, enabled: bool(row.enabled), events: json<string[]>(row.events, []),
    min_severity: row.min_severity as Severity, created_at: wireTime(row.created_at), updated_at: wireTime(row.updated_at),
    last_delivery_at: wireTime(row.last_delivery_at), last_status: row.last_status as 'delivered' | 'failed' | null,
  };
}

/** Channels (monitoring.md §5.1): CRUD with write-only secrets sealed at rest, the kinds' forms, test sends. */
export class ChannelsService {
  constructor(private readonly deps: ChannelsServiceDeps) {}

  kinds() {
    const results = CHANNEL_KINDS.map((k) => ({ kind: k.kind, label: k.label, fields: k.fields }));
    return { count: results.length, results };
  }

  /** The stored secrets of a channel, or {} when they cannot be decrypted (SECRET_KEY changed). */
  private secretsOf(row: ChannelRow): Record<string, string> {
    const plain = this.deps.secrets.decrypt(row.secrets_encrypted);
    return plain ? json<Record<string, string>>(plain, {}) : {};
  }

  /** The whole config a kind sends with: plain keys and secrets. */
  configOf(row: ChannelRow): ChannelConfig {
    return { ...json<ChannelConfig>(row.config, {}), ...this.secretsOf(row) };
  }

  present(row: ChannelRow) {
    return presentChannel(row, kindOf(row.kind), new Set(Object.keys(this.secretsOf(row))));
  }

  private async find(rawId: string): Promise<ChannelRow> {
    const row = isUuid(rawId) ? await this.deps.repo.find(rawId.toLowerCase()) : undefined;
    if (!row) throw notFound();
    return row;
  }

  /** For the outbox and the router: rows by id, no HTTP error. */
  byId(id: string): Promise<ChannelRow | undefined> {
    return this.deps.repo.find(id);
  }

  byIds(ids: readonly string[]): Promise<ChannelRow[]> {
    return this.deps.repo.findMany(ids.filter(isUuid).map((id) => id.toLowerCase()));
  }

  enabled(): Promise<ChannelRow[]> {
    return this.deps.repo.enabled();
  }

  async get(rawId: string) {
    return this.present(await this.find(rawId));
  }

  async list(window: ListWindow) {
    const rows = await this.deps.repo.list(window.limit, window.offset);
    return { count: await this.deps.repo.count(), rows: rows.map((r) => this.present(r)) };
  }

  async create(p: Principal, body: Record<string, unknown>) {
    const { input, kind, config } = await this.checked(body, null, false);
    const id = randomUUID();
    const now = nowIso();
    await this.deps.repo.insert({
      id, name: input.name!, name_normalized: input.name!.toLowerCase(), kind: kind.kind, ...this.stored(kind, config),
      enabled: input.enabled ?? true, events: toJson(input.events ?? []), min_severity: input.min_severity ?? 'info',
      last_delivery_at: null, last_status: null, created_by: p.userId, created_at: now, updated_at: now,
    });
    return this.present((await this.deps.repo.find(id))!);
  }

  /** PUT replaces every key but the kind and unsent secrets; PATCH changes what it names. */
  async update(rawId: string, body: Record<string, unknown>, partial: boolean) {
    const row = await this.find(rawId);
    const { input, kind, config } = await this.checked(body, row, partial);
    await this.deps.repo.update(row.id, {
      ...(input.name !== undefined && { name: input.name, name_normalized: input.name.toLowerCase() }),
      ...this.stored(kind, config),
      ...(!partial && { enabled: true, events: toJson([]), min_severity: 'info' }),
      ...(input.enabled !== undefined && { enabled: input.enabled }),
      ...(input.events !== undefined && { events: toJson(input.events) }),
      ...(input.min_severity !== undefined && { min_severity: input.min_severity }),
      updated_at: nowIso(),
    });
    return this.present((await this.deps.repo.find(row.id))!);
  }

  async delete(rawId: string): Promise<void> {
    await this.deps.repo.delete((await this.find(rawId)).id);
  }

  /** One `test` message now, outside the outbox (monitoring.md §5.1). */
  async test(rawId: string): Promise<{ detail: string }> {
    const row = await this.find(rawId);
    const kind = kindOf(row.kind);
    if (!kind) throw badGateway(`${row.kind} error: this kind is no longer supported`);
    try {
      await this.deps.sender.send(kind, this.configOf(row), this.testMessage());
    } catch (e) {
      await this.deps.repo.recordDelivery(row.id, 'failed', nowIso());
      throw badGateway(`${kind.label} error: ${e instanceof ChannelFailure ? e.reason : 'delivery failed'}`);
    }
    await this.deps.repo.recordDelivery(row.id, 'delivered', nowIso());
    return { detail: 'Test delivery succeeded' };
  }

  async recordDelivery(id: string, status: 'delivered' | 'failed'): Promise<void> {
    await this.deps.repo.recordDelivery(id, status, nowIso());
  }

  private testMessage(): ChannelMessage {
    return {
      event: 'test' satisfies ChannelEventName, severity: 'info', title: 'Everyst test notification',
      message: 'This channel works: Everyst can reach it.', source: 'test', time: new Date().toISOString(),
      url: this.deps.publicUrl, deliveryId: randomUUID(),
    };
  }

  /** Body → input, kind and the merged config; every problem is one 400 listing all fields. */
  private async checked(body: Record<string, unknown>, row: ChannelRow | null, partial: boolean) {
    const errors = new FieldErrorCollector();
    const input = readChannelBody(body, partial, row === null, errors);
    const kind = kindOf(input.kind ?? row?.kind ?? '');
    if (input.kind !== undefined && !kind) errors.add('kind', `"${input.kind}" is not a valid choice.`);
    if (row && input.kind !== undefined && input.kind !== row.kind) errors.add('kind', 'The kind of a channel cannot change.');
    errors.throwIfAny();
    if (!kind) throw notFound();
    // PUT keeps stored secrets the client did not send (it cannot read them back); plain keys are replaced.
    const current = row ? (partial ? this.configOf(row) : this.secretsOf(row)) : null;
    const config = mergeConfig(kind, current, input.config ?? {}, errors);
    if (input.name !== undefined && await this.deps.repo.nameTaken(input.name.toLowerCase(), row?.id ?? null)) {
      errors.add('name', 'A channel with this name already exists.');
    }
    for (const [key, url] of urlsOf(kind, config)) {
      const target = await this.deps.policy.check(new URL(url).hostname);
      if (!target.ok && target.reason === 'refused') errors.add(`config.${key}`, ADDRESS_REFUSED);
    }
    errors.throwIfAny();
    return { input, kind, config };
  }

  /** The config split into its plain keys (stored as JSON) and its secrets (sealed together). */
  private stored(kind: ChannelKind, config: ChannelConfig) {
    const secretKeys = new Set(kind.fields.filter((f) => f.secret).map((f) => f.key));
    const plain: ChannelConfig = {};
    const secret: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(config)) (secretKeys.has(key) ? secret : plain)[key] = value;
    return {
      config: toJson(plain),
      secrets_encrypted: Object.keys(secret).length ? this.deps.secrets.encrypt(JSON.stringify(secret)) : null,
    };
  }
}
