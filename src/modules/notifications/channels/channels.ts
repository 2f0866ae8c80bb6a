import { json } from '../../../db/values.js';
import type { SmtpSettingsService } from '../integrations/smtp.service.js';
import type { WebhooksService } from '../integrations/webhooks.service.js';
import type { DeliveryRow } from '../outbox/deliveries.repository.js';
import { sendEmail, type EmailMessage } from './email.js';
import { postWebhook } from './webhook.js';
import { webhookBody } from '../notifications.presenter.js';

/** Sends one outbox row; throws with the reason when the attempt failed. */
export type ChannelSender = (row: DeliveryRow) => Promise<void>;

/** The outbox's senders per channel; settings and secrets are read at send time, so edits apply to retries. */
export function deliveryChannels(smtp: SmtpSettingsService, webhooks: WebhooksService): Record<string, ChannelSender> {
  return {
    async email(row) {
      const settings = await smtp.transport();
      if (!settings) throw new Error('SMTP is not configured');
      await sendEmail(settings, json<EmailMessage>(row.payload, { to: row.recipient, subject: '', text: '' }));
    },
    async webhook(row) {
      const hook = row.webhook_id ? await webhooks.byId(row.webhook_id) : undefined;
      if (!hook) throw new Error('Webhook no longer exists');
      const secret = webhooks.secretOf(hook);
      if (!secret) throw new Error('Webhook secret can no longer be decrypted; set a new one');
      try {
        await postWebhook({
          url: hook.url, secret, event: 'notification', deliveryId: row.id,
          body: webhookBody(json<Record<string, unknown>>(row.payload, {})), userAgent: webhooks.userAgent, policy: webhooks.policy,
        });
      } catch (e) {
        await webhooks.recordDelivery(hook.id, 'failed');
        throw e;
      }
      await webhooks.recordDelivery(hook.id, 'delivered');
    },
  };
}
