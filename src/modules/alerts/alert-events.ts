import type { Logger } from 'pino';
import type { EventBus } from '../../realtime/bus.js';
import { severityOfType, type ChannelEvent } from '../../realtime/channel-events.js';
import type { AlertRow } from './alerts.repository.js';
import { presentAlert } from './alerts.presenter.js';

export type AlertEvent = 'opened' | 'escalated' | 'acknowledged' | 'resolved';

/** A notification to everyone (is_system), as alerts create them (metrics.md §5.3, rest.md §9). */
export interface SystemNotice {
  title: string;
  message: string;
  type: 'info' | 'success' | 'warning' | 'error';
  source: string;
  /** Milliseconds the client shows the live toast. */
  duration: number;
}

/** Where an alert's channel event goes: its rule's channels, and for a resolution the severity it ends. */
export type AlertRoute = Pick<ChannelEvent, 'channels' | 'ranksAs'> & { event: 'alert.triggered' | 'alert.resolved' };

/** What alerts need of the notifications module: one system notification (stored, pushed, delivered). */
export interface SystemNotices {
  createSystem(n: SystemNotice): Promise<unknown>;
}

/**
 * What follows an alert transition: the socket event `alert` to every socket (realtime.md §6), the bus event
 * `alertsChanged` (the dashboard's cached alert list), and system notifications. A failed notification is
 * logged, never thrown: the transition itself is already stored.
 */
export class AlertEvents {
  constructor(private readonly bus: EventBus, private readonly notifications: SystemNotices, private readonly logger?: Logger) {}

  transition(event: AlertEvent, alert: AlertRow): void {
    this.changed();
    this.bus.toClients('alert', { event, alert: presentAlert(alert) }, { kind: 'all' });
  }

  changed(): void {
    this.bus.emit('alertsChanged');
  }

  /**
   * The notification of an alert, and the channel event `alert.triggered` / `alert.resolved` for the rule's
   * channels (none: routed by the channels' filters).
   */
  async notify(notice: SystemNotice, route: AlertRoute): Promise<void> {
    this.bus.emit('notify', {
      ...route, severity: severityOfType(notice.type), title: notice.title, message: notice.message, source: notice.source, path: '/history',
    });
    try {
      await this.notifications.createSystem(notice);
    } catch (err) {
      this.logger?.error({ err, title: notice.title }, 'alert notification failed');
    }
  }
}
