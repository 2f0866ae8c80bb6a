import { isUuid, nowIso, wireTime } from '../../../db/values.js';
import { conflict, notFound } from '../../../errors.js';
import type { ListWindow, Listing } from '../../../http/pagination.js';
import type { DeliveriesRepository, DeliveryFilters, DeliveryRow } from './deliveries.repository.js';
import type { OutboxWorker } from './outbox.js';

/** The Delivery of rest.md §6.3. */
export function presentDelivery(row: DeliveryRow) {
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
  };
}

/** The outbox as administrators see it: list, and put a failed delivery back in the queue. */
export class DeliveriesService {
  constructor(private readonly repo: DeliveriesRepository, private readonly outbox: OutboxWorker) {}

  async list(filters: DeliveryFilters, window: ListWindow): Promise<Listing<ReturnType<typeof presentDelivery>>> {
    const count = await this.repo.count(filters);
    const rows = await this.repo.list(filters, window.limit, window.offset);
    return { count, rows: rows.map(presentDelivery) };
  }

  async retry(rawId: string) {
    const id = isUuid(rawId) ? rawId.toLowerCase() : null;
    const current = id ? await this.repo.find(id) : undefined;
    if (!id || !current) throw notFound();
    if (!(await this.repo.requeueFailed(id, nowIso()))) throw conflict(`Only a failed delivery can be retried (this one is ${current.status}).`);
    const requeued = presentDelivery((await this.repo.find(id))!);
    this.outbox.kick();
    return requeued;
  }
}
