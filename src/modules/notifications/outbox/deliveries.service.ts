import { isUuid, nowIso, wireTime } from '../../../db/values.js';
import { conflict, notFound } from '../../../errors.js';
import type { ListWindow, Listing } from '../../../http/pagination.js';
import type { DeliveriesRepository, DeliveryFilters, DeliveryRow } from './deliveries.repository.js';
import type { OutboxWorker } from './outbox.js';

/** A channel's id and name, for the deliveries of notification channels. */
export type ChannelNames = (ids: string[]) => Promise<Array<{ id: string; name: string }>>;

/**
 * The Delivery of rest.md §6.3; deliveries of notification channels (monitoring.md §5) add `channel_id`,
 * `channel_name` and `event` (null for email and integration webhooks), and `channel` is the channel's kind.
 */
export function presentDelivery(row: DeliveryRow, channelName: string | null = null) {
  return {
    id: row.id,
    notification: row.notification_id,
    channel: row.channel,
    recipient: row.recipient,
    status: row.status,
    attempts: row.attempts,
    next_attempt_at: wireTime(row.next_attempt_at),
    last_error: row.last_error,
    created_at: wireTime(row.created_at),
    delivered_at: wireTime(row.delivered_at),
    channel_id: row.channel_id,
    channel_name: channelName,
    event: row.event,
  };
}

/** The outbox as administrators see it: list, and put a failed delivery back in the queue. */
export class DeliveriesService {
  constructor(private readonly repo: DeliveriesRepository, private readonly outbox: OutboxWorker, private readonly channelNames: ChannelNames) {}

  async list(filters: DeliveryFilters, window: ListWindow): Promise<Listing<ReturnType<typeof presentDelivery>>> {
    const count = await this.repo.count(filters);
    const rows = await this.repo.list(filters, window.limit, window.offset);
    const ids = [...new Set(rows.map((r) => r.channel_id).filter((id): id is string => id !== null))];
    const names = new Map((await this.channelNames(ids)).map((c) => [c.id, c.name]));
    return { count, rows: rows.map((r) => presentDelivery(r, r.channel_id ? names.get(r.channel_id) ?? null : null)) };
  }

  async retry(rawId: string) {
    const id = isUuid(rawId) ? rawId.toLowerCase() : null;
    const current = id ? await this.repo.find(id) : undefined;
    if (!id || !current) throw notFound();
    if (!(await this.repo.requeueFailed(id, nowIso()))) throw conflict(`Only a failed delivery can be retried (this one is ${current.status}).`);
    const row = (await this.repo.find(id))!;
    const name = row.channel_id ? (await this.channelNames([row.channel_id]))[0]?.name ?? null : null;
    const requeued = presentDelivery(row, name);
    this.outbox.kick();
    return requeued;
  }
}
