import type { ChannelConfig, ChannelKind, Severity } from './kind.js';
import { joinUrl, text, textWithLink } from './kind-helpers.js';

const TYPE_OF: Record<Severity, string> = { info: 'info', warning: 'warning', error: 'failure' };

/** The path of a stored configuration: /notify/{KEY}, KEY 1–64 of letters, digits, "_" and "-". */
const KEY_PATH = /\/notify\/[\w-]{1,64}\/?$/;

function urlsOf(config: ChannelConfig): string[] {
  return Array.isArray(config.urls) ? config.urls.filter((u) => u.trim() !== '') : [];
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}

/**
 * Apprise API (github.com/caronc/apprise-api, README "API Details"): stateless POST <server>/notify/ with the
 * Apprise `urls`, or POST /notify/{KEY} with a `tag` of the configuration stored under KEY; JSON, type
 * info/warning/failure.
 */
export const apprise: ChannelKind = {
  kind: 'apprise',
  label: 'Apprise',
  fields: [
    {
      key: 'url', label: 'Apprise API URL', type: 'url', required: true,
      help: 'With Apprise URLs: the server, e.g. http://apprise:8000 (Everyst posts to /notify/ there). '
        + 'With a tag: the stored configuration, http://apprise:8000/notify/{KEY} (Everyst posts the tag there).',
    },
    { key: 'urls', label: 'Apprise URLs', type: 'string-list', secret: true, help: 'One a line, e.g. tgram://…; they carry credentials: write-only' },
    { key: 'tag', label: 'Tag', type: 'string', help: 'Of the URLs in the stored configuration; "all" for every one' },
  ],
  validate(config): Record<string, string> {
    const hasUrls = urlsOf(config).length > 0;
    const tag = text(config.tag).trim();
    if (hasUrls === (tag !== '')) return { urls: 'Give either Apprise URLs or a tag, not both.' };
    const storedConfig = KEY_PATH.test(pathOf(text(config.url)));
    if (tag && !storedConfig) return { url: 'With a tag, the URL names the stored configuration: …/notify/{KEY}.' };
    if (hasUrls && storedConfig) return { url: 'With Apprise URLs, give the server\'s address without /notify/{KEY}.' };
    return {};
  },
  async send(m, config, ctx) {
    const tag = text(config.tag).trim();
    const common = { title: m.title, body: textWithLink(m), type: TYPE_OF[m.severity], format: 'text' };
    await ctx.http(tag
      ? { url: text(config.url), body: JSON.stringify({ ...common, tag }) }
      : { url: joinUrl(text(config.url), 'notify/'), body: JSON.stringify({ ...common, urls: urlsOf(config).join(',') }) });
  },
};
