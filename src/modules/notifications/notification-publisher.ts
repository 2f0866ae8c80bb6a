import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { EventBus } from '../../realtime/bus.js';
import { severityOfType } from '../../realtime/channel-events.js';
import { pushNotification } from './channels/in-app.js';
import type { DeliveryPlanner } from './outbox/planner.js';
import type { OutboxWorker } from './outbox/outbox.js';
import { DEFAULT_DURATION_MS, MESSAGE_MAX, SOURCE_MAX, TITLE_MAX, type NewNotification, type Target } from './notification-types.js';
import type { NotificationRow, NotificationsRepository } from './notifications.repository.js';

const MAX_LEAD_MS = 50;

/** Stores a notification, pushes it live (in-app channel) and hands it to the durable channels. */
export class NotificationPublisher {
  private lastMs = 0;

  constructor(
    private readonly repo: NotificationsRepository,
    private readonly bus: EventBus,
    private readonly planner: DeliveryPlanner,
    private readonly outbox: OutboxWorker,
    private readonly logger: Logger,
  ) {}

  async publish(target: Target, input: NewNotification): Promise<NotificationRow> {
    const row = this.row(target, input);
    await this.repo.insert(row);
    await this.afterInsert(row, target, input.duration);
    return row;
  }

  /** The channel event `notification` (monitoring.md §5.2) of a notification a user created through the API. */
  announce(row: NotificationRow): void {
    this.bus.emit('notify', {
      event: 'notification', severity: severityOfType(row.type), title: row.title, message: row.message ?? '', source: row.source, path: '/notifications',
    });
  }

  /** One personal notification per user (flag-addressed notifications: each recipient owns theirs). */
  async publishToUsers(userIds: number[], input: NewNotification): Promise<NotificationRow[]> {
    const rows = userIds.map((userId) => this.row({ kind: 'user', userId }, input));
    await this.repo.insertMany(rows);
    for (const row of rows) await this.afterInsert(row, { kind: 'user', userId: Number(row.user_id) }, input.duration);
    return rows;
  }

  private async afterInsert(row: NotificationRow, target: Target, duration = DEFAULT_DURATION_MS): Promise<void> {
    pushNotification(this.bus, row, duration);
    try {
      if ((await this.planner.plan(row, target)) > 0) this.outbox.kick();
    } catch (err) {
      // The notification exists and was pushed; a channel problem must not undo it.
      this.logger.error({ err, notification: row.id }, 'planning deliveries failed');
    }
  }

  private row(target: Target, input: NewNotification): NotificationRow {
    // Strictly increasing creation times keep "newest first" stable for several notifications within one
    // millisecond; under a sustained burst they may run at most MAX_LEAD_MS ahead of the clock, then tie.
    const now = Date.now();
    const ms = this.lastMs + 1 - now <= MAX_LEAD_MS ? Math.max(now, this.lastMs + 1) : now;
    this.lastMs = Math.max(ms, this.lastMs);
    const at = new Date(ms).toISOString();
    return {
      id: randomUUID(),
      user_id: target.kind === 'user' ? target.userId : null,
      target_role: target.kind === 'role' ? target.role : null,
      is_system: target.kind === 'system',
      title: input.title.slice(0, TITLE_MAX),
      message: input.message === undefined || input.message === null ? null : input.message.slice(0, MESSAGE_MAX),
      type: input.type ?? 'info',
      source: (input.source ?? 'system').slice(0, SOURCE_MAX),
      created_by: input.createdBy ?? null,
      timestamp: at,
      created_at: at,
      updated_at: at,
    };
  }
}
