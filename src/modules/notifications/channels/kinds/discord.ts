import type { ChannelKind } from './kind.js';
import { SEVERITY_COLOUR, text, truncate } from './kind-helpers.js';

/**
 * Discord, "Execute Webhook" with one embed (discord.com/developers/docs/resources/webhook#execute-webhook,
 * embed limits: title 256, description 4096). Mentions in the text are not resolved: an alert must not ping @everyone.
 */
export const discord: ChannelKind = {
  kind: 'discord',
  label: 'Discord',
  fields: [
    { key: 'webhook_url', label: 'Webhook URL', type: 'url', required: true, secret: true, help: 'Channel settings → Integrations → Webhooks; it carries the token: write-only' },
  ],
  async send(m, config, ctx) {
    const embed = {
      title: truncate(m.title, 256),
      description: truncate(m.message, 4096),
      color: Number.parseInt(SEVERITY_COLOUR[m.severity].slice(1), 16),
      timestamp: m.time,
      ...(m.url && { url: m.url }),
    };
    await ctx.http({ url: text(config.webhook_url), body: JSON.stringify({ embeds: [embed], allowed_mentions: { parse: [] } }) });
  },
};
