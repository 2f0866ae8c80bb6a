import type { Logger } from 'pino';
import type { EventBus } from '../../realtime/bus.js';
import type { AlertRow } from './alerts.repository.js';
import { presentAlert } from './alerts.presenter.js';
import type { SystemNotice, SystemNotifier } from './notifier.js';

export type AlertEvent = 'opened' | 'escalated' | 'acknowledged' | 'resolved';

/**
 * What follows an alert transition: the socket event `alert` to every socket (realtime.md §6), change listeners
 * (the dashboard's cached alert list), and system notifications. A failed notification is logged, never thrown:
 * the transition itself is already stored.
 */
export class AlertEvents {
  private readonly listeners: Array<() => void> = [];

  constructor(private readonly bus: EventBus, public notifier: SystemNotifier, private readonly logger?: Logger) {}

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  transition(event: AlertEvent, alert: AlertRow): void {
    for (const listener of this.listeners) listener();
    this.bus.toClients('alert', { event, alert: presentAlert(alert) }, { kind: 'all' });
  }

  changed(): void {
    for (const listener of this.listeners) listener();
  }

  async notify(notice: SystemNotice): Promise<void> {
    try {
      await this.notifier.notifySystem(notice);
    } catch (err) {
      this.logger?.error({ err, title: notice.title }, 'alert notification failed');
    }
  }
}
