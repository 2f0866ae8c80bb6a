import type { ChannelKind } from './kind.js';
import { escapeHtml, joinUrl, SEVERITY_MARK, text, truncate } from './kind-helpers.js';

/**
 * Telegram Bot API, sendMessage (core.telegram.org/bots/api#sendmessage): POST <api_base>/bot<token>/sendMessage
 * as JSON, HTML parse mode (text at most 4096 characters).
 */
export const telegram: ChannelKind = {
  kind: 'telegram',
  label: 'Telegram',
  fields: [
    { key: 'bot_token', label: 'Bot token', type: 'string', required: true, secret: true, help: 'From @BotFather: 123456789:AA…' },
    { key: 'chat_id', label: 'Chat ID', type: 'string', required: true, help: 'A numeric chat ID, or @channelusername' },
    { key: 'api_base', label: 'Bot API server', type: 'url', default: 'https://api.telegram.org' },
  ],
  validate(config): Record<string, string> {
    const errors: Record<string, string> = {};
    // The token becomes part of the request path.
    if (!/^\d+:[\w-]+$/.test(text(config.bot_token))) errors.bot_token = 'A bot token looks like 123456789:AA…';
    if (!/^(-?\d+|@\w+)$/.test(text(config.chat_id))) errors.chat_id = 'A numeric chat ID or @channelusername.';
    return errors;
  },
  async send(m, config, ctx) {
    const lines = [
      `${SEVERITY_MARK[m.severity]} <b>${escapeHtml(truncate(m.title, 256))}</b>`,
      escapeHtml(truncate(m.message, 3000)),
      ...(m.url ? [`<a href="${escapeHtml(m.url)}">Open in Everyst</a>`] : []),
    ];
    const body = { chat_id: text(config.chat_id), text: lines.join('\n'), parse_mode: 'HTML', link_preview_options: { is_disabled: true } };
    await ctx.http({
      url: joinUrl(text(config.api_base) || 'https://api.telegram.org', `bot${text(config.bot_token)}/sendMessage`),
      body: JSON.stringify(body),
    });
  },
};
