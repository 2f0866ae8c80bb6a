import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { DeliveriesTable } from '../../../db/tables.js';
import { nowIso, toJson, wireTime } from '../../../db/values.js';
import type { NotificationRow } from '../notifications.repository.js';
import type { Recipients } from '../recipients.js';
import { atLeast, type Target } from '../notification-types.js';
import { presentForWebhook } from '../notifications.presenter.js';
import type { SmtpSettingsService } from '../integrations/smtp.service.js';
import type { WebhooksService } from '../integrations/webhooks.service.js';
import type { DeliveriesRepository } from './deliveries.repository.js';
import { renderNotificationEmail } from '../channels/email.js';

/**
 * Hands a new notification to the delivery channels: one outbox row per email recipient (whose preference
 * asks for this type, when SMTP is configured) and per matching webhook. The rows hold the rendered message.
 */
export class DeliveryPlanner {
  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly recipients: Pick<Recipients, 'emailRecipients'>,
    private readonly smtp: SmtpSettingsService,
    private readonly webhooks: WebhooksService,
  ) {}

  /** Inserts the deliveries of `row`; returns how many. */
  async plan(row: NotificationRow, target: Target): Promise<number> {
    const now = nowIso();
    const base = { notification_id: row.id, status: 'pending', attempts: 0, next_attempt_at: now, locked_by: null, locked_until: null,
      last_error: null, delivered_at: null, created_at: now, updated_at: now };
    const rows: Insertable<DeliveriesTable>[] = [];

    if (await this.smtp.transport()) {
      const mail = renderNotificationEmail({ ...row, timestamp: new Date(row.timestamp).getTime() });
      for (const r of await this.recipients.emailRecipients(target)) {
        if (!atLeast(row.type, r.minType)) continue;
        rows.push({ ...base, id: randomUUID(), channel: 'email', recipient: r.email, webhook_id: null, payload: toJson({ to: r.email, ...mail }) });
      }
    }
    const notification = presentForWebhook(row);
    for (const hook of await this.webhooks.matching(row.type, row.source)) {
      const id = randomUUID();
      const body = { event: 'notification', delivery_id: id, timestamp: wireTime(now), notification };
      rows.push({ ...base, id, channel: 'webhook', recipient: hook.id, webhook_id: hook.id, payload: toJson(body) });
    }
    await this.deliveries.insertMany(rows);
    return rows.length;
  }
}
