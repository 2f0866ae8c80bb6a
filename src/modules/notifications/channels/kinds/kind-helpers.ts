import type { ConfigValue } from './kind.js';

/** A config value as text ('' when unset or not a string). */
export function text(value: ConfigValue | undefined): string {
  return typeof value === 'string' ? value : '';
}

/** `base` (with or without a trailing slash, possibly with a path) followed by `path` (which starts without one). */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path}`;
}
