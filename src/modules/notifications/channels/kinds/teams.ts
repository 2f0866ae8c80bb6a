import type { ChannelKind, Severity } from './kind.js';
import { text } from './kind-helpers.js';

/** Adaptive Card TextBlock colours. */
const COLOUR_OF: Record<Severity, string> = { info: 'Accent', warning: 'Warning', error: 'Attention' };

/**
 * Microsoft Teams through a Workflows (Power Automate) webhook: an Adaptive Card in a message attachment, as in
 * "Create and send messages" (learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using).
 */
export const teams: ChannelKind = {
  kind: 'teams',
  label: 'Microsoft Teams',
  fields: [
    {
      key: 'webhook_url', label: 'Workflow webhook URL', type: 'url', required: true, secret: true,
      help: 'From the workflow "Send webhook alerts to a channel"; it carries a signature: write-only',
    },
  ],
  async send(m, config, ctx) {
    const card = {
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      type: 'AdaptiveCard',
      version: '1.4',
      body: [
        { type: 'TextBlock', text: m.title, weight: 'Bolder', size: 'Medium', color: COLOUR_OF[m.severity], wrap: true },
        { type: 'TextBlock', text: m.message, wrap: true },
      ],
      ...(m.url && { actions: [{ type: 'Action.OpenUrl', title: 'Open in Everyst', url: m.url }] }),
    };
    const body = { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }] };
    await ctx.http({ url: text(config.webhook_url), body: JSON.stringify(body) });
  },
};
