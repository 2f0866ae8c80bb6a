import { createHash, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { bool, json, nowIso, toJson } from '../../../db/values.js';
import type { ChannelEvent } from '../../../realtime/channel-events.js';
import type { EventBus } from '../../../realtime/bus.js';
import type { DeliveriesRepository } from '../outbox/deliveries.repository.js';
import { SEVERITIES, type ChannelMessage } from './kinds/kind.js';
import type { ChannelRow } from '../integrations/channels.repository.js';
import type { ChannelsService } from '../integrations/channels.service.js';

export interface ChannelRouterDeps {
  channels: Pick<ChannelsService, 'byIds' | 'enabled'>;
  deliveries: Pick<DeliveriesRepository, 'insertMany' | 'hasRecent'>;
  outbox: { kick(): void };
  /** NOTIFY_DEDUP_SECONDS; 0 sends every repeat. */
  dedupSeconds: number;
  publicUrl: string | null;
  logger: Logger;
}

/** What an outbox row of a channel carries: the message without its delivery id (the row's own id). */
export type QueuedMessage = Omit<ChannelMessage, 'deliveryId'>;

/**
 * The one place that decides where a `notify` event goes (monitoring.md §5.3): to the subject's own channels when
 * it names some, else to every enabled channel whose event filter and minimum severity it passes; identical
 * events to one channel within the dedup window are queued once. Events are routed one after the other, so a
 * channel's deliveries are queued in the order the events happened.
 */
export class ChannelRouter {
  private queue: Promise<unknown> = Promise.resolve();
  private lastSeq = 0;

  constructor(private readonly deps: ChannelRouterDeps) {}

  attach(bus: EventBus): void {
    bus.on('notify', (event) => void this.route(event));
  }

  /** Queues the deliveries of `event`; resolves with how many (never rejects: a failure is logged). */
  route(event: ChannelEvent): Promise<number> {
    const routed = this.queue.then(() => this.plan(event)).catch((err: unknown) => {
      this.deps.logger.error({ err, event: event.event }, 'routing a notification event failed');
      return 0;
    });
    this.queue = routed;
    return routed;
  }

  private async plan(event: ChannelEvent): Promise<number> {
    const targets = await this.targets(event);
    if (targets.length === 0) return 0;
    const now = nowIso();
    const message: QueuedMessage = {
      event: event.event, severity: event.severity, title: event.title, message: event.message, source: event.source, time: now,
      url: this.deps.publicUrl && event.path ? `${this.deps.publicUrl}${event.path}` : this.deps.publicUrl,
    };
    const dedupKey = createHash('sha256').update(`${event.event}\0${event.title}\0${event.message}`).digest('hex').slice(0, 32);
    const since = new Date(Date.now() - this.deps.dedupSeconds * 1000).toISOString();
    const rows = [];
    for (const channel of targets) {
      if (this.deps.dedupSeconds > 0 && event.event !== 'test' && await this.deps.deliveries.hasRecent(channel.id, dedupKey, since)) continue;
      rows.push({
        id: randomUUID(), notification_id: null, channel: channel.kind, recipient: channel.id, webhook_id: null, payload: toJson(message),
        status: 'pending', attempts: 0, next_attempt_at: now, locked_by: null, locked_until: null, last_error: null, delivered_at: null,
        created_at: now, updated_at: now, channel_id: channel.id, event: event.event, dedup_key: dedupKey, seq: this.nextSeq(),
      });
    }
    await this.deps.deliveries.insertMany(rows);
    if (rows.length) this.deps.outbox.kick();
    return rows.length;
  }

  private async targets(event: ChannelEvent): Promise<ChannelRow[]> {
    if (event.channels?.length) return (await this.deps.channels.byIds(event.channels)).filter((c) => bool(c.enabled));
    const rank = SEVERITIES.indexOf(event.ranksAs ?? event.severity);
    return (await this.deps.channels.enabled()).filter((c) => {
      const events = json<string[]>(c.events, []);
      return (events.length === 0 || events.includes(event.event)) && rank >= SEVERITIES.indexOf(c.min_severity as never);
    });
  }

  /** Increasing within this process (microseconds of the clock, or one more than the last). */
  private nextSeq(): number {
    this.lastSeq = Math.max(Date.now() * 1000, this.lastSeq + 1);
    return this.lastSeq;
  }
}
