/** What a notification channel's `events` may name (monitoring.md §5.2). */
export const CHANNEL_EVENTS = [
  'monitor.down', 'monitor.up', 'alert.triggered', 'alert.resolved', 'device.new', 'device.offline', 'device.online',
  'scan.completed', 'security.changed', 'agent.offline', 'agent.online', 'notification', 'test',
] as const;
export type ChannelEventName = (typeof CHANNEL_EVENTS)[number];

export const SEVERITIES = ['info', 'warning', 'error'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * Something people may want to hear about, emitted on the bus (`notify`) by its producer; the channel router
 * decides which channels receive it (monitoring.md §5.3).
 */
export interface ChannelEvent {
  event: ChannelEventName;
  severity: Severity;
  title: string;
  message: string;
  /** `monitor`, `alerts`, `network_scanner`, `security`, `agent`, `api`. */
  source: string;
  /** The dashboard path of the subject (e.g. `/monitors/<id>`); a link when PUBLIC_URL is set. */
  path?: string;
  /**
   * The severity a channel's `min_severity` is compared with, when not `severity`: a recovery (monitor up, alert
   * resolved, device back online) ranks as the problem it ends, so it reaches every channel the problem reached.
   */
  ranksAs?: Severity;
  /** The subject's own channels (a monitor's or an alert rule's): when non-empty, only these receive the event. */
  channels?: readonly string[];
}

/** A notification type (rest.md §6) as a channel severity. */
export function severityOfType(type: string): Severity {
  return type === 'error' ? 'error' : type === 'warning' ? 'warning' : 'info';
}
