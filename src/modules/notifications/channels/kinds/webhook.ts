import { webhookSignature } from '../webhook.js';
import type { ChannelKind, ChannelMessage } from './kind.js';
import { text } from './kind-helpers.js';

const PLACEHOLDER = /\{\{\s*(title|message|severity|source|time|url|event)\s*\}\}/g;

/** Every string of a JSON template with its placeholders filled in; keys, numbers and structure stay as written. */
export function renderTemplate(template: unknown, m: ChannelMessage): unknown {
  const values: Record<string, string> = {
    title: m.title, message: m.message, severity: m.severity, source: m.source, time: m.time, url: m.url ?? '', event: m.event,
  };
  const fill = (value: unknown): unknown => {
    if (typeof value === 'string') return value.replace(PLACEHOLDER, (_, name: string) => values[name]);
    if (Array.isArray(value)) return value.map(fill);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v)]));
    return value;
  };
  return fill(template);
}

/**
 * A JSON POST to any URL: Everyst's own body, or the channel's JSON template; signed like integration webhooks
 * (rest.md §7, X-Everyst-Signature over "<timestamp>.<body>") when a secret is set.
 */
export const webhook: ChannelKind = {
  kind: 'webhook',
  label: 'Webhook',
  fields: [
    { key: 'url', label: 'URL', type: 'url', required: true, secret: true, help: 'URLs often carry a token: write-only' },
    { key: 'secret', label: 'Signing secret', type: 'string', secret: true },
    { key: 'template', label: 'JSON body template', type: 'json-template', help: 'Placeholders: {{title}} {{message}} {{severity}} {{source}} {{time}} {{url}}' },
  ],
  async send(m, config, ctx) {
    const template = text(config.template);
    const body = JSON.stringify(template
      ? renderTemplate(JSON.parse(template), m)
      : { event: m.event, delivery_id: m.deliveryId, time: m.time, title: m.title, message: m.message, severity: m.severity, source: m.source, url: m.url });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const secret = text(config.secret);
    await ctx.http({
      url: text(config.url),
      headers: {
        'X-Everyst-Event': m.event,
        'X-Everyst-Delivery': m.deliveryId,
        'X-Everyst-Timestamp': timestamp,
        ...(secret && { 'X-Everyst-Signature': webhookSignature(secret, timestamp, body) }),
      },
      body,
    });
  },
};
