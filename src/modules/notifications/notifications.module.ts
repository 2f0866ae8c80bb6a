import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../../config/config.js';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/tables.js';
import type { ChangeCounters } from '../../db/change-counter.js';
import { deriveKey } from '../../auth/keys.js';
import { SecretBox } from '../../crypto/secrets.js';
import type { EventBus } from '../../realtime/bus.js';
import { VERSION } from '../../version.js';
import { DeliveriesRepository } from '../../notifiers/deliveries.repository.js';
import { DeliveryPlanner } from '../../notifiers/planner.js';
import { OutboxWorker } from '../../notifiers/outbox.js';
import { deliveryChannels } from '../../notifiers/channels.js';
import { outboundPolicyFor } from '../../notifiers/outbound-policy.js';
import { SmtpRepository } from '../integrations/smtp.repository.js';
import { SmtpSettingsService } from '../integrations/smtp.service.js';
import { WebhooksRepository } from '../integrations/webhooks.repository.js';
import { WebhooksService } from '../integrations/webhooks.service.js';
import type { RolesRepository } from '../roles/roles.repository.js';
import type { UsersRepository } from '../users/users.repository.js';
import { DeliveriesService } from './deliveries.service.js';
import { NotificationPublisher } from './notification-publisher.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';
import { PreferencesRepository } from './preferences.repository.js';
import { PreferencesService } from './preferences.service.js';
import { RecipientsRepository } from './recipients.repository.js';
import { registerNotificationEvents } from './notifications.socket.js';

export interface NotificationServices {
  notifications: NotificationsService;
  notificationPreferences: PreferencesService;
  deliveries: DeliveriesService;
  smtp: SmtpSettingsService;
  webhooks: WebhooksService;
  outbox: OutboxWorker;
}

const OUTBOX_POLL_MS = 5_000;
const RETENTION_MS = 3_600_000;

/** Builds the notification and integration services (composition for app.ts). */
export function createNotificationServices(
  config: Config, db: Kysely<DB>, repos: { users: UsersRepository; roles: RolesRepository; changeCounters: ChangeCounters }, bus: EventBus, logger: Logger,
): NotificationServices {
  const secrets = new SecretBox(deriveKey(config.secretKey, 'everyst secrets v1'));
  const smtp = new SmtpSettingsService(new SmtpRepository(db), secrets, config.smtp, config.smtpTimeoutSeconds);
  const webhooks = new WebhooksService(new WebhooksRepository(db), secrets, `Everyst/${VERSION}`, outboundPolicyFor(config));
  const deliveryRows = new DeliveriesRepository(db);
  const outbox = new OutboxWorker(deliveryRows, deliveryChannels(smtp, webhooks), {
    instance: config.instanceName, retryDelays: config.deliveryRetryDelays,
  }, logger.child({ component: 'outbox' }));
  const recipients = new RecipientsRepository(db);
  const publisher = new NotificationPublisher(
    new NotificationsRepository(db), bus, new DeliveryPlanner(deliveryRows, recipients, smtp, webhooks), outbox, logger,
  );
  return {
    notifications: new NotificationsService(
      new NotificationsRepository(db), publisher, repos.users, repos.roles, repos.changeCounters, (flag) => recipients.activeUsersWithFlag(flag),
    ),
    notificationPreferences: new PreferencesService(new PreferencesRepository(db)),
    deliveries: new DeliveriesService(deliveryRows, outbox),
    smtp,
    webhooks,
    outbox,
  };
}

/** Socket events, the outbox job (cluster-wide, plus immediate kicks on enqueue) and delivery retention. */
export function setupNotifications(ctx: AppContext): void {
  const { outbox } = ctx.services;
  registerNotificationEvents(ctx);
  ctx.scheduler.every('notifications.outbox', OUTBOX_POLL_MS, () => outbox.runOnce(), { cluster: true, runAtStart: true });
  ctx.scheduler.every('notifications.deliveries-retention', RETENTION_MS, () => outbox.purge(), { cluster: true, runAtStart: true });
  ctx.onClose(() => outbox.stop());
}
