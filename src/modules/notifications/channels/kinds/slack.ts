import type { ChannelKind } from './kind.js';
import { SEVERITY_COLOUR, text, truncate } from './kind-helpers.js';

/** The three characters Slack's mrkdwn reserves (api.slack.com/reference/surfaces/formatting#escaping). */
function escapeMrkdwn(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Slack, "Sending messages using incoming webhooks" (api.slack.com/messaging/webhooks): the title as `text` (also
 * the notification's), the message and the link as blocks of a secondary attachment
 * (api.slack.com/reference/messaging/attachments) whose colour bar shows the severity.
 */
export const slack: ChannelKind = {
  kind: 'slack',
  label: 'Slack',
  fields: [
    { key: 'webhook_url', label: 'Webhook URL', type: 'url', required: true, secret: true, help: 'https://hooks.slack.com/services/…; it carries the token: write-only' },
  ],
  async send(m, config, ctx) {
    const blocks = [
      ...(m.message ? [{ type: 'section', text: { type: 'mrkdwn', text: truncate(escapeMrkdwn(m.message), 3000) } }] : []),
      ...(m.url ? [{ type: 'context', elements: [{ type: 'mrkdwn', text: `<${m.url}|Open in Everyst>` }] }] : []),
    ];
    const body = {
      text: `*${escapeMrkdwn(m.title)}*`,
      ...(blocks.length > 0 && { attachments: [{ color: SEVERITY_COLOUR[m.severity], blocks }] }),
    };
    await ctx.http({ url: text(config.webhook_url), body: JSON.stringify(body) });
  },
};
