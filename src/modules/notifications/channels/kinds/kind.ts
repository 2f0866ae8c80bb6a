import type { OutboundPolicy } from '../outbound-policy.js';
import type { ChannelEventName, Severity } from '../../../../realtime/channel-events.js';

export { CHANNEL_EVENTS, SEVERITIES, type ChannelEventName, type Severity } from '../../../../realtime/channel-events.js';

/** One message as every kind delivers it: a title and a text, with a link to the dashboard when PUBLIC_URL is set. */
export interface ChannelMessage {
  event: ChannelEventName;
  severity: Severity;
  title: string;
  message: string;
  /** What produced it: `monitor`, `alerts`, `network_scanner`, `security`, `agent`, `api`, `test`. */
  source: string;
  /** ISO-8601 UTC. */
  time: string;
  /** The dashboard page of the subject, or null without PUBLIC_URL. */
  url: string | null;
  /** The outbox row's id: stable across retries, so a kind may pass it as an idempotency key. */
  deliveryId: string;
}

/** A config value as validated from the field's type. */
export type ConfigValue = string | number | boolean | string[];
/** A channel's config with its secrets: what `send` sees. */
export type ChannelConfig = Record<string, ConfigValue | undefined>;

/**
 * One config key of a kind; the dashboard builds each kind's form from these (GET integrations/channels/kinds/).
 * `secret` keys are write-only: responses show `<key>_set`. `url` values must be http(s) unless `schemes` says
 * otherwise, and every URL key is checked by the outbound address policy at save and at send.
 */
export interface ChannelField {
  key: string;
  label: string;
  type: 'string' | 'url' | 'string-list' | 'integer' | 'boolean' | 'select' | 'json-template';
  required?: boolean;
  secret?: boolean;
  default?: ConfigValue;
  /** `select`: the allowed values; `integer`: use min/max. */
  options?: readonly string[];
  min?: number;
  max?: number;
  /** `url`: accepted schemes without the colon (default http, https). */
  schemes?: readonly string[];
  help?: string;
}

/** Why a send failed: `reason` is all the caller sees ("connection failed", "HTTP 503", "timeout", …). */
export class ChannelFailure extends Error {
  constructor(readonly reason: string, readonly retryAfterMs: number | null = null) {
    super(reason);
  }
}

export interface HttpRequest {
  url: string;
  method?: 'POST' | 'PUT';
  headers?: Record<string, string>;
  /** Serialised body; JSON unless `headers` names another Content-Type. */
  body: string;
}

/** What a kind may use to send: every tool applies the outbound address policy and the delivery deadline. */
export interface SendContext {
  /** One request through the outbound policy; resolves on 2xx, else throws ChannelFailure (429 carries Retry-After). */
  http(request: HttpRequest): Promise<void>;
  /** Sends one email through the SMTP integration; throws ChannelFailure when SMTP is missing or refuses. */
  email(to: string[], subject: string, text: string): Promise<void>;
  policy: OutboundPolicy;
  /** Epoch ms by which the attempt must end. */
  deadline: number;
  userAgent: string;
}

export interface ChannelKind {
  kind: string;
  /** Shown in the dashboard and in errors: "<label> error: <reason>". */
  label: string;
  fields: readonly ChannelField[];
  /** Cross-field rules beyond each field's own (e.g. "urls or tag"); returns field → message. */
  validate?(config: ChannelConfig): Record<string, string>;
  send(message: ChannelMessage, config: ChannelConfig, ctx: SendContext): Promise<void>;
}
