import type { ChannelKind, Severity } from './kind.js';
import { joinUrl, text } from './kind-helpers.js';

const PRIORITY_OF: Record<Severity, number> = { info: 3, warning: 4, error: 5 };

/** ntfy, publishing as JSON (docs.ntfy.sh/publish/#publish-as-json): POST to the server root, Bearer token auth. */
export const ntfy: ChannelKind = {
  kind: 'ntfy',
  label: 'ntfy',
  fields: [
    { key: 'server', label: 'Server', type: 'url', default: 'https://ntfy.sh' },
    { key: 'topic', label: 'Topic', type: 'string', required: true },
    { key: 'token', label: 'Access token', type: 'string', secret: true },
    { key: 'priority', label: 'Priority (1–5; empty: by severity)', type: 'integer', min: 1, max: 5 },
  ],
  async send(m, config, ctx) {
    const body = {
      topic: text(config.topic),
      title: m.title,
      message: m.message,
      priority: typeof config.priority === 'number' ? config.priority : PRIORITY_OF[m.severity],
      tags: [m.severity === 'error' ? 'rotating_light' : m.severity === 'warning' ? 'warning' : 'information_source'],
      ...(m.url && { click: m.url }),
    };
    const token = text(config.token);
    await ctx.http({
      url: joinUrl(text(config.server) || 'https://ntfy.sh', ''),
      headers: token ? { Authorization: `Bearer ${token}` } : {},
      body: JSON.stringify(body),
    });
  },
};
