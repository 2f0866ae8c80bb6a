import { api } from './api.ts';
import type { Page } from './types.ts';

/** Wire shapes of notification channels (docs/channels.md), as far as the dashboard reads them. */

export type FieldType = 'string' | 'url' | 'string-list' | 'integer' | 'boolean' | 'select' | 'json-template';
export type ConfigValue = string | number | boolean | string[];

/** One config key of a kind: the form of a kind is built from these. */
export interface KindField {
  key: string;
  label: string;
  type: FieldType;
  required?: boolean;
  secret?: boolean;
  default?: ConfigValue;
  options?: string[];
  min?: number;
  max?: number;
  help?: string;
}

export interface ChannelKind { kind: string; label: string; fields: KindField[] }

export const SEVERITIES = ['info', 'warning', 'error'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CHANNEL_EVENTS = [
  'monitor.down', 'monitor.up', 'alert.triggered', 'alert.resolved', 'device.new', 'device.offline', 'device.online',
  'scan.completed', 'security.changed', 'agent.offline', 'agent.online', 'notification', 'test',
] as const;
export type ChannelEvent = (typeof CHANNEL_EVENTS)[number];

export interface Channel {
  id: string;
  name: string;
  kind: string;
  /** Non-secret keys with their values, and `<key>_set` for each secret key. */
  config: Record<string, ConfigValue | undefined>;
  enabled: boolean;
  events: ChannelEvent[];
  min_severity: Severity;
  created_at: string;
  updated_at: string;
  last_delivery_at: string | null;
  last_status: 'delivered' | 'failed' | null;
}

export interface Delivery {
  id: string;
  channel: string;
  channel_id: string | null;
  channel_name: string | null;
  event: string;
  recipient: string | null;
  status: 'pending' | 'sending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

export const DELIVERY_TONE: Record<string, string> = { delivered: 'ok', failed: 'error', pending: 'warning', sending: 'info' };

/** "All events", or the first few names and how many more. */
export function eventsText(events: readonly string[]): string {
  if (events.length === 0) return 'All events';
  if (events.length <= 3) return events.join(', ');
  return `${events.slice(0, 2).join(', ')} +${events.length - 2} more`;
}

export const loadKinds = (signal?: AbortSignal) => api<Page<ChannelKind>>('integrations/channels/kinds/', { signal }).then((p) => p.results);

/** Every channel, following `next` past one page (pickers show them all). */
export async function loadChannels(signal?: AbortSignal): Promise<Channel[]> {
  const all: Channel[] = [];
  let url: string | null = 'integrations/channels/?page_size=100';
  for (let i = 0; url && i < 20; i++) {
    const page: Page<Channel> = await api<Page<Channel>>(url.startsWith('http') ? new URL(url).pathname + new URL(url).search : url, { signal });
    all.push(...page.results);
    url = page.next;
  }
  return all;
}

export const loadDeliveries = (channelId: string, signal?: AbortSignal) =>
  api<Page<Delivery>>(`notifications/deliveries/?channel_id=${encodeURIComponent(channelId)}&page_size=20`, { signal });
export const patchChannel = (id: string, body: Record<string, unknown>) => api<Channel>(`integrations/channels/${id}/`, { method: 'PATCH', body });
export const deleteChannel = (id: string) => api(`integrations/channels/${id}/`, { method: 'DELETE' });
export const testChannel = (id: string) => api<{ detail: string }>(`integrations/channels/${id}/test/`, { method: 'POST' });

/** A config form's values, as typed: text for every type but booleans (lists one item per line). */
export type ConfigForm = Record<string, string | boolean>;

function shown(field: KindField, value: ConfigValue | undefined): string | boolean {
  if (field.type === 'boolean') return value === true;
  if (value === undefined || value === null) return '';
  return Array.isArray(value) ? value.join('\n') : String(value);
}

/** The form of a kind: a channel's values (secrets empty), or the kind's defaults for a new one. */
export function configForm(kind: ChannelKind, channel?: Channel): ConfigForm {
  const form: ConfigForm = {};
  for (const f of kind.fields) form[f.key] = f.secret ? '' : shown(f, channel ? channel.config[f.key] : f.default);
  return form;
}

export const secretSet = (channel: Channel | undefined, key: string) => channel?.config[`${key}_set`] === true;

/** The checks a person should not need a round trip for; the server checks each value again (URLs, templates). */
export function validateConfig(kind: ChannelKind, form: ConfigForm, channel?: Channel): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const f of kind.fields) {
    const v = form[f.key];
    const text = typeof v === 'string' ? v.trim() : '';
    if (f.type === 'boolean') continue;
    if (!text) {
      if (f.required && !(f.secret && secretSet(channel, f.key))) errors[f.key] = 'This field is required.';
      continue;
    }
    if (f.type === 'integer') {
      const n = Number(text);
      if (!/^-?\d+$/.test(text)) errors[f.key] = 'A whole number.';
      else if ((f.min !== undefined && n < f.min) || (f.max !== undefined && n > f.max)) errors[f.key] = `A whole number from ${f.min ?? '−∞'} to ${f.max ?? '∞'}.`;
    }
  }
  return errors;
}

/**
 * The `config` of a POST or PATCH: every non-secret key (empty ones as null, which clears them); a secret only when
 * typed, or as "" when the person asked to remove the stored one; secrets left empty are left out (kept).
 */
export function configBody(kind: ChannelKind, form: ConfigForm, clear: ReadonlySet<string> = new Set()): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of kind.fields) {
    const v = form[f.key];
    if (f.type === 'boolean') {
      body[f.key] = v === true;
      continue;
    }
    const text = typeof v === 'string' ? (f.type === 'json-template' || f.secret ? v : v.trim()) : '';
    if (f.secret) {
      if (text) body[f.key] = text;
      else if (clear.has(f.key)) body[f.key] = '';
      continue;
    }
    if (!text.trim()) body[f.key] = null;
    else if (f.type === 'integer') body[f.key] = Number(text);
    else if (f.type === 'string-list') body[f.key] = text.split('\n').map((s) => s.trim()).filter(Boolean);
    else body[f.key] = text;
  }
  return body;
}
