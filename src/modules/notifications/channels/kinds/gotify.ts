import type { ChannelKind, Severity } from './kind.js';
import { joinUrl, text, textWithLink } from './kind-helpers.js';

/** Gotify's Android client: 4–7 notify with sound, 8–10 also pop up. */
const PRIORITY_OF: Record<Severity, number> = { info: 4, warning: 6, error: 8 };

/**
 * Gotify, "Push messages" (gotify.net/docs/pushmsg) and "Message Extras" (gotify.net/docs/msgextras):
 * POST <server>/message with the app token in X-Gotify-Key; the dashboard link opens on a click of the notification.
 */
export const gotify: ChannelKind = {
  kind: 'gotify',
  label: 'Gotify',
  fields: [
    { key: 'server', label: 'Server', type: 'url', required: true, help: 'e.g. https://gotify.example.com' },
    { key: 'app_token', label: 'Application token', type: 'string', required: true, secret: true },
    { key: 'priority', label: 'Priority (0–10; empty: by severity)', type: 'integer', min: 0, max: 10 },
  ],
  async send(m, config, ctx) {
    const body = {
      title: m.title,
      message: textWithLink(m),
      priority: typeof config.priority === 'number' ? config.priority : PRIORITY_OF[m.severity],
      extras: {
        'client::display': { contentType: 'text/plain' },
        ...(m.url && { 'client::notification': { click: { url: m.url } } }),
      },
    };
    await ctx.http({
      url: joinUrl(text(config.server), 'message'),
      headers: { 'X-Gotify-Key': text(config.app_token) },
      body: JSON.stringify(body),
    });
  },
};
