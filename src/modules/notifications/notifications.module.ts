import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../../config/config.js';
import type { DB } from '../../db/tables.js';
import type { CounterValues } from '../../db/change-counter.js';
import { secretBoxFor } from '../../crypto/secrets.js';
import type { EventBus } from '../../realtime/bus.js';
import { VERSION } from '../../version.js';
import type { Module } from '../module.js';
import { channelDelivery, channelStatusRecorder } from './channels/channel-delivery.js';
import { ChannelRouter } from './channels/channel-router.js';
import { ChannelSender } from './channels/channel-sender.js';
import { deliveryChannels } from './channels/channels.js';
import { outboundPolicyFor } from './channels/outbound-policy.js';
import { resolveHost } from '../tools/resolve.js';
import { DeliveriesRepository } from './outbox/deliveries.repository.js';
import { DeliveriesService } from './outbox/deliveries.service.js';
import { OutboxWorker } from './outbox/outbox.js';
import { DeliveryPlanner } from './outbox/planner.js';
import { ChannelsRepository } from './integrations/channels.repository.js';
import { channelsRoutes } from './integrations/channels.routes.js';
import { ChannelsService } from './integrations/channels.service.js';
import { integrationsRoutes } from './integrations/integrations.routes.js';
import { SmtpRepository } from './integrations/smtp.repository.js';
import { SmtpSettingsService } from './integrations/smtp.service.js';
import { WebhooksRepository } from './integrations/webhooks.repository.js';
import { WebhooksService } from './integrations/webhooks.service.js';
import { NotificationPublisher } from './notification-publisher.js';
import { NotificationsRepository } from './notifications.repository.js';
import { notificationsRoutes } from './notifications.routes.js';
import { NotificationsService, type RoleLookup, type UserLookup } from './notifications.service.js';
import { notificationEvents, type TokenAuthenticator } from './notifications.socket.js';
import { PreferencesRepository } from './preferences.repository.js';
import { PreferencesService } from './preferences.service.js';
import { Recipients, type RecipientAccounts } from './recipients.js';

/** The configuration the notifications module reads. */
export type NotificationsConfig = Pick<
  Config, 'secretKey' | 'smtp' | 'smtpTimeoutSeconds' | 'instanceName' | 'deliveryRetryDelays' | 'notify' | 'dnsServers' | 'trustProxy' | 'publicUrl'
>;

/** What creating and delivering notifications needs (the API and the scan workers). */
export interface NotificationsCoreDeps {
  db: Kysely<DB>;
  bus: EventBus;
  logger: Logger;
  config: Omit<NotificationsConfig, 'trustProxy'>;
  /**
   * Whether a target user or role exists, and who receives notifications by flag or email: read through the
   * account store (auth/accounts: its users and roles repositories satisfy these).
   */
  users: UserLookup & RecipientAccounts;
  roles: RoleLookup;
}

/** The API's notifications module adds its routes and socket events. */
export interface NotificationsDeps extends NotificationsCoreDeps {
  config: NotificationsConfig;
  /** The change counters as a request found them (db/change-counter.ts `ChangeCounters.forRequest`). */
  changeCounters: { forRequest(request: FastifyRequest): Promise<CounterValues> };
  /** For the legacy socket event `authenticate`. */
  authenticator: TokenAuthenticator;
}

export interface NotificationsCore {
  /** The public service: `createSystem`, `createForUser`, `createForRole`, `createForFlag`, and the user-facing reads. */
  notifications: NotificationsService;
  preferences: PreferencesService;
  deliveries: DeliveriesService;
  smtp: SmtpSettingsService;
  webhooks: WebhooksService;
  channels: ChannelsService;
  outbox: OutboxWorker;
}

export interface NotificationsModule extends Module<NotificationsService> {
  /** The durable outbox (tests wait for it to be idle). */
  readonly outbox: OutboxWorker;
}

const OUTBOX_POLL_MS = 5_000;
const RETENTION_MS = 3_600_000;

/** Notification storage, the in-app push, the email and webhook channels behind a durable outbox, integrations. */
export function createNotificationsCore({ db, bus, logger, config, users, roles }: NotificationsCoreDeps): NotificationsCore {
  const secrets = secretBoxFor(config.secretKey);
  const userAgent = `Everyst/${VERSION}`;
  const policy = outboundPolicyFor(config);
  const smtp = new SmtpSettingsService(
    new SmtpRepository(db), secrets, config.smtp, config.smtpTimeoutSeconds,
    config.dnsServers?.length ? (host) => resolveHost(host, config.dnsServers!, 53) : null,
  );
  const webhooks = new WebhooksService(new WebhooksRepository(db), secrets, userAgent, policy);
  const sender = new ChannelSender({ smtp, policy, userAgent, logger: logger.child({ component: 'channels' }) });
  const channels = new ChannelsService({ repo: new ChannelsRepository(db), secrets, sender, policy, publicUrl: config.publicUrl });
  const deliveryRows = new DeliveriesRepository(db);
  const outbox = new OutboxWorker(deliveryRows, deliveryChannels(smtp, webhooks), {
    instance: config.instanceName, retryDelays: config.deliveryRetryDelays,
  }, logger.child({ component: 'outbox' }), channelDelivery(channels, sender), channelStatusRecorder(channels));
  new ChannelRouter({
    channels, deliveries: deliveryRows, outbox, dedupSeconds: config.notify.dedupSeconds, publicUrl: config.publicUrl,
    logger: logger.child({ component: 'channel-router' }),
  }).attach(bus);
  const preferenceRows = new PreferencesRepository(db);
  const recipients = new Recipients(users, preferenceRows);
  const notificationRows = new NotificationsRepository(db);
  const publisher = new NotificationPublisher(
    notificationRows, bus, new DeliveryPlanner(deliveryRows, recipients, smtp, webhooks), outbox, logger,
  );
  return {
    notifications: new NotificationsService(notificationRows, publisher, users, roles, (flag) => recipients.activeUsersWithFlag(flag)),
    preferences: new PreferencesService(preferenceRows),
    deliveries: new DeliveriesService(deliveryRows, outbox, (ids) => channels.byIds(ids)),
    smtp,
    webhooks,
    channels,
    outbox,
  };
}

/**
 * Notifications (rest.md §6), integrations (§7) and the notification socket events (realtime.md §4). The outbox
 * runs as a cluster job (plus immediate kicks on enqueue) with a retention job, and stops on shutdown.
 */
export function createNotificationsModule(deps: NotificationsDeps): NotificationsModule {
  const core = createNotificationsCore(deps);
  const { notifications, preferences, deliveries, smtp, webhooks, channels, outbox } = core;
  const trustProxy = deps.config.trustProxy;
  return {
    service: notifications,
    outbox,
    routes: [
      ...notificationsRoutes({
        notifications, preferences, deliveries, trustProxy,
        versionOf: async (request) => (await deps.changeCounters.forRequest(request)).notifications,
      }),
      ...integrationsRoutes({ smtp, webhooks, trustProxy }),
      ...channelsRoutes({ channels, trustProxy }),
    ],
    socketEvents: notificationEvents(notifications, deps.authenticator),
    jobs: [
      { name: 'notifications.outbox', everyMs: OUTBOX_POLL_MS, run: () => outbox.runOnce(), cluster: true, runAtStart: true },
      { name: 'notifications.deliveries-retention', everyMs: RETENTION_MS, run: () => outbox.purge(), cluster: true, runAtStart: true },
    ],
    onClose: () => outbox.stop(),
  };
}
