import type { ChannelKind } from './kind.js';

/** Email through the SMTP integration (rest.md §7.1): subject = title, text = message and the dashboard link. */
export const email: ChannelKind = {
  kind: 'email',
  label: 'Email',
  fields: [{ key: 'to', label: 'Recipients', type: 'string-list', required: true, help: 'One address per line' }],
  validate(config): Record<string, string> {
    const bad = (Array.isArray(config.to) ? config.to : []).find((a) => !/^[^\s@<>]+@[^\s@<>]+$/.test(a));
    return bad === undefined ? {} : { to: `"${bad}" is not an email address.` };
  },
  async send(m, config, ctx) {
    const to = Array.isArray(config.to) ? config.to : [];
    await ctx.email(to, m.title, m.url ? `${m.message}\n\n${m.url}` : m.message);
  },
};
