import { bool, json } from '../../../db/values.js';
import type { ChannelsService } from '../integrations/channels.service.js';
import type { DeliveryRow } from '../outbox/deliveries.repository.js';
import { FinalFailure } from '../outbox/outbox.js';
import type { QueuedMessage } from './channel-router.js';
import type { ChannelSender } from './channel-sender.js';
import { kindOf } from './kinds/index.js';

/**
 * The outbox's sender for rows of a notification channel. The channel is read at send time, so an edit (a new
 * token, a fixed URL) applies to retries; a disabled or unknown channel fails the row without retrying.
 */
export function channelDelivery(channels: Pick<ChannelsService, 'byId' | 'configOf'>, sender: ChannelSender) {
  return async (row: DeliveryRow): Promise<void> => {
    const channel = row.channel_id ? await channels.byId(row.channel_id) : undefined;
    if (!channel) throw new FinalFailure('channel no longer exists');
    if (!bool(channel.enabled)) throw new FinalFailure('channel disabled');
    const kind = kindOf(channel.kind);
    if (!kind) throw new FinalFailure(`unknown channel kind ${channel.kind}`);
    const message = json<QueuedMessage | null>(row.payload, null);
    if (!message) throw new FinalFailure('unreadable message');
    await sender.send(kind, channels.configOf(channel), { ...message, deliveryId: row.id });
  };
}

const RECORD_EVERY_MS = 5_000;

/**
 * Keeps each channel's `last_status` and `last_delivery_at` current without a write per delivery: a channel's
 * row is written when its status changes, else at most every few seconds.
 */
export function channelStatusRecorder(channels: Pick<ChannelsService, 'recordDelivery'>) {
  const last = new Map<string, { status: string; at: number }>();
  return async (row: DeliveryRow, status: 'delivered' | 'pending' | 'failed'): Promise<void> => {
    if (!row.channel_id || status === 'pending') return;
    const seen = last.get(row.channel_id);
    const now = Date.now();
    if (seen && seen.status === status && now - seen.at < RECORD_EVERY_MS) return;
    last.set(row.channel_id, { status, at: now });
    await channels.recordDelivery(row.channel_id, status);
  };
}
