import { randomBytes, randomUUID } from 'node:crypto';
import { bool, isUuid, json, nowIso, toJson, wireTime } from '../../../db/values.js';
import { badGateway, notFound, validationError } from '../../../errors.js';
import type { Principal } from '../../../auth/permissions.js';
import type { ListWindow } from '../../../http/pagination.js';
import type { SecretBox } from '../../../crypto/secrets.js';
import type { OutboundPolicy } from '../channels/outbound-policy.js';
import { postWebhook, WebhookError } from '../channels/webhook.js';
import { atLeast } from '../notification-types.js';
import type { WebhookRow, WebhooksRepository } from './webhooks.repository.js';
import { checkWebhook } from './webhooks.validation.js';

export const ADDRESS_REFUSED = 'Notifications may not be sent to this address.';

/** Webhook integrations (rest.md §7): secrets are sealed at rest and shown once, at creation. */
export class WebhooksService {
  constructor(
    private readonly repo: WebhooksRepository,
    private readonly secrets: SecretBox,
    readonly userAgent: string,
    /** Checked when a URL is saved and again at every send (DNS answers change). */
    readonly policy: OutboundPolicy,
  ) {}

  present(row: WebhookRow) {
    return {
      id: row.id, name: row.name, url: row.url, enabled: bool(row.enabled), min_type: row.min_type,
      sources: json<string[] | null>(row.sources, null), secret_set: this.secretOf(row) !== null,
      created_at: wireTime(row.created_at), updated_at: wireTime(row.updated_at),
      last_delivery_at: wireTime(row.last_delivery_at), last_status: row.last_status as 'delivered' | 'failed' | null,
    };
  }

  secretOf(row: WebhookRow): string | null {
    return this.secrets.decrypt(row.secret_encrypted);
  }

  /** For the outbox: the row or undefined, no HTTP error. */
  async byId(id: string): Promise<WebhookRow | undefined> {
    return this.repo.find(id);
  }

  async find(rawId: string): Promise<WebhookRow> {
    const row = isUuid(rawId) ? await this.repo.find(rawId.toLowerCase()) : undefined;
    if (!row) throw notFound();
    return row;
  }

  async get(rawId: string) {
    return this.present(await this.find(rawId));
  }

  async list(window: ListWindow) {
    return { count: await this.repo.count(), rows: (await this.repo.list(window.limit, window.offset)).map((r) => this.present(r)) };
  }

  async create(p: Principal, body: Record<string, unknown>) {
    const input = checkWebhook(body, false);
    await this.checkAddress(input.url);
    const secret = input.secret ?? `whsec_${randomBytes(24).toString('hex')}`;
    const id = randomUUID();
    const now = nowIso();
    await this.repo.insert({
      id, name: input.name!, url: input.url!, secret_encrypted: this.secrets.encrypt(secret), enabled: input.enabled ?? true,
      min_type: input.min_type ?? 'info', sources: input.sources ? toJson(input.sources) : null,
      last_delivery_at: null, last_status: null, created_by: p.userId, created_at: now, updated_at: now,
    });
    return { ...this.present((await this.repo.find(id))!), secret };
  }

  /** PUT (`partial` false: absent optional fields return to their defaults, the secret is kept) and PATCH. */
  async update(rawId: string, body: Record<string, unknown>, partial: boolean) {
    const row = await this.find(rawId);
    const input = checkWebhook(body, partial);
    await this.checkAddress(input.url);
    const changes = partial ? {} : { enabled: true, min_type: 'info', sources: null as string | null };
    await this.repo.update(row.id, {
      ...changes,
      ...(input.name !== undefined && { name: input.name }),
      ...(input.url !== undefined && { url: input.url }),
      ...(input.secret !== undefined && { secret_encrypted: this.secrets.encrypt(input.secret) }),
      ...(input.enabled !== undefined && { enabled: input.enabled }),
      ...(input.min_type !== undefined && { min_type: input.min_type }),
      ...(input.sources !== undefined && { sources: input.sources ? toJson(input.sources) : null }),
      updated_at: nowIso(),
    });
    return this.present((await this.repo.find(row.id))!);
  }

  /** A URL whose host is, or resolves to, a refused address is a field error; an unresolvable name is kept. */
  private async checkAddress(url: string | undefined): Promise<void> {
    if (url === undefined) return;
    const target = await this.policy.check(new URL(url).hostname);
    if (!target.ok && target.reason === 'refused') throw validationError({ url: [ADDRESS_REFUSED] });
  }

  async delete(rawId: string): Promise<void> {
    await this.repo.delete((await this.find(rawId)).id);
  }

  /** Sends a `test` event synchronously (rest.md §7). */
  async test(rawId: string): Promise<{ detail: string; status_code: number }> {
    const row = await this.find(rawId);
    const secret = this.secretOf(row);
    if (!secret) throw badGateway('Webhook error: the secret can no longer be decrypted; set a new one');
    const deliveryId = randomUUID();
    const body = JSON.stringify({ event: 'test', delivery_id: deliveryId, timestamp: wireTime(nowIso()), notification: null });
    try {
      const status = await postWebhook({ url: row.url, secret, event: 'test', deliveryId, body, userAgent: this.userAgent, policy: this.policy });
      return { detail: 'Test delivery succeeded', status_code: status };
    } catch (e) {
      throw badGateway(`Webhook error: ${e instanceof WebhookError ? e.message : 'request failed'}`);
    }
  }

  /** Enabled webhooks that want a notification of this type and source. */
  async matching(type: string, source: string): Promise<WebhookRow[]> {
    return (await this.repo.enabled()).filter((w) => {
      const sources = json<string[] | null>(w.sources, null);
      return atLeast(type, w.min_type) && (sources === null || sources.includes(source));
    });
  }

  async recordDelivery(id: string, status: 'delivered' | 'failed'): Promise<void> {
    await this.repo.recordDelivery(id, status, nowIso());
  }
}
