import type { ChannelMessage, ConfigValue, Severity } from './kind.js';

/** A config value as text ('' when unset or not a string). */
export function text(value: ConfigValue | undefined): string {
  return typeof value === 'string' ? value : '';
}

/** `base` (with or without a trailing slash, possibly with a path) followed by `path` (which starts without one). */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path}`;
}

/** At most `max` characters, ending in "…" when cut (providers refuse or drop longer fields). */
export function truncate(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

/**
 * The message (the title when it is empty: these providers refuse an empty body), followed by the dashboard link
 * when there is one: for kinds whose payload has no link field of its own.
 */
export function textWithLink(m: ChannelMessage): string {
  const body = m.message || m.title;
  return m.url ? `${body}\n\n${m.url}` : body;
}

/** Text safe inside HTML elements and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A sign in front of the title where the provider shows no colour. */
export const SEVERITY_MARK: Record<Severity, string> = { info: 'ℹ️', warning: '⚠️', error: '🚨' };

/** The colour of a severity as #rrggbb, where the provider draws a coloured bar. */
export const SEVERITY_COLOUR: Record<Severity, string> = { info: '#2f81f7', warning: '#d29922', error: '#da3633' };
