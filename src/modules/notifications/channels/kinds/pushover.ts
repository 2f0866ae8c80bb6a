import type { ChannelKind, Severity } from './kind.js';
import { joinUrl, text, truncate } from './kind-helpers.js';

/** -1 quiet (no sound), 0 normal, 1 high (bypasses quiet hours). 2 (emergency) needs acknowledgement: never chosen. */
const PRIORITY_OF: Record<Severity, number> = { info: -1, warning: 0, error: 1 };

/**
 * Pushover Message API (pushover.net/api): POST <api_base>/1/messages.json, form-encoded, limits title 250,
 * message 1024, url 512; the dashboard link is the supplementary URL.
 */
export const pushover: ChannelKind = {
  kind: 'pushover',
  label: 'Pushover',
  fields: [
    { key: 'user_key', label: 'User or group key', type: 'string', required: true, secret: true },
    { key: 'app_token', label: 'Application API token', type: 'string', required: true, secret: true },
    { key: 'api_base', label: 'API server', type: 'url', default: 'https://api.pushover.net' },
    { key: 'priority', label: 'Priority (-2–1; empty: by severity)', type: 'integer', min: -2, max: 1 },
  ],
  async send(m, config, ctx) {
    const form = new URLSearchParams({
      token: text(config.app_token),
      user: text(config.user_key),
      title: truncate(m.title, 250),
      message: truncate(m.message || m.title, 1024),
      priority: String(typeof config.priority === 'number' ? config.priority : PRIORITY_OF[m.severity]),
      timestamp: String(Math.floor(Date.parse(m.time) / 1000)),
    });
    if (m.url && m.url.length <= 512) {
      form.set('url', m.url);
      form.set('url_title', 'Open in Everyst');
    }
    await ctx.http({
      url: joinUrl(text(config.api_base) || 'https://api.pushover.net', '1/messages.json'),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
    });
  },
};
