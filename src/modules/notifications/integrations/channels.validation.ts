import { FieldErrorCollector } from '../../../errors.js';
import { CHANNEL_EVENTS, SEVERITIES, type ChannelConfig, type ChannelEventName, type ChannelField, type ChannelKind, type ConfigValue, type Severity } from '../channels/kinds/kind.js';

export interface ChannelInput {
  name?: string;
  kind?: string;
  enabled?: boolean;
  events?: ChannelEventName[];
  min_severity?: Severity;
  /** Config keys sent, as given (validated per field); null or '' clears a key. */
  config?: Record<string, unknown>;
}

const REQUIRED = 'This field is required.';
const MAX_TEXT = 2000;
const MAX_TEMPLATE = 16_384;
const MAX_LIST = 100;

/**
 * The top-level keys of a channel body (monitoring.md §5.1); the config is checked against its kind afterwards.
 * `partial`: PATCH; `creating`: POST, the only body that must name the kind.
 */
export function readChannelBody(body: Record<string, unknown>, partial: boolean, creating: boolean, errors: FieldErrorCollector): ChannelInput {
  const out: ChannelInput = {};
  const present = (k: string) => body[k] !== undefined;
  if (!present('name') || body.name === null || body.name === '') {
    if (!partial || present('name')) errors.add('name', REQUIRED);
  } else if (typeof body.name !== 'string' || body.name.trim() === '') errors.add('name', 'Not a valid string.');
  else if (body.name.trim().length > 100) errors.add('name', 'Ensure this field has no more than 100 characters.');
  else out.name = body.name.trim();

  if (present('kind')) {
    if (typeof body.kind !== 'string') errors.add('kind', 'Not a valid string.');
    else out.kind = body.kind;
  } else if (creating) errors.add('kind', REQUIRED);

  if (present('enabled')) {
    if (typeof body.enabled !== 'boolean') errors.add('enabled', 'Must be a valid boolean.');
    else out.enabled = body.enabled;
  }
  if (present('events')) {
    const events = body.events;
    const bad = Array.isArray(events) ? events.find((e) => !(CHANNEL_EVENTS as readonly unknown[]).includes(e)) : undefined;
    if (!Array.isArray(events)) errors.add('events', 'Expected a list of event names.');
    else if (bad !== undefined) errors.add('events', `"${String(bad)}" is not a valid choice.`);
    else out.events = [...new Set(events as ChannelEventName[])];
  }
  if (present('min_severity')) {
    if (!(SEVERITIES as readonly unknown[]).includes(body.min_severity)) errors.add('min_severity', `"${String(body.min_severity)}" is not a valid choice.`);
    else out.min_severity = body.min_severity as Severity;
  }
  if (present('config')) {
    const config = body.config;
    if (config === null || typeof config !== 'object' || Array.isArray(config)) errors.add('config', 'Expected an object.');
    else out.config = config as Record<string, unknown>;
  } else if (!partial) out.config = {};
  return out;
}

/**
 * The config a channel will hold: `current` (null for a new channel) with the keys of `sent` applied, each checked
 * by its field's rules; unknown keys are errors, a required key left unset is an error. `<key>_set` keys that
 * clients echo back are ignored.
 */
export function mergeConfig(kind: ChannelKind, current: ChannelConfig | null, sent: Record<string, unknown>, errors: FieldErrorCollector): ChannelConfig {
  const fields = new Map(kind.fields.map((f) => [f.key, f]));
  const merged: ChannelConfig = { ...(current ?? {}) };
  for (const [key, raw] of Object.entries(sent)) {
    const field = fields.get(key);
    if (!field) {
      if (!(key.endsWith('_set') && fields.get(key.slice(0, -4))?.secret)) errors.add(`config.${key}`, `Unknown key for ${kind.label}.`);
      continue;
    }
    if (raw === null || raw === '' || (Array.isArray(raw) && raw.length === 0)) {
      delete merged[key];
      continue;
    }
    const checked = checkValue(field, raw);
    if (typeof checked === 'object' && checked !== null && 'error' in checked) errors.add(`config.${key}`, checked.error);
    else merged[key] = checked as ConfigValue;
  }
  for (const field of kind.fields) {
    if (field.required && merged[field.key] === undefined && !errors.has(`config.${field.key}`)) errors.add(`config.${field.key}`, REQUIRED);
  }
  if (!errors.has()) for (const [key, message] of Object.entries(kind.validate?.(merged) ?? {})) errors.add(`config.${key}`, message);
  return merged;
}

function checkValue(field: ChannelField, raw: unknown): ConfigValue | { error: string } {
  switch (field.type) {
    case 'string':
      if (typeof raw !== 'string') return { error: 'Not a valid string.' };
      return raw.length > MAX_TEXT ? { error: `Ensure this field has no more than ${MAX_TEXT} characters.` } : raw.trim();
    case 'url':
      return checkUrl(field, raw);
    case 'json-template':
      return checkTemplate(raw);
    case 'string-list': {
      const items = typeof raw === 'string' ? raw.split(/[\n,]/) : raw;
      if (!Array.isArray(items) || items.some((i) => typeof i !== 'string')) return { error: 'Expected a list of strings.' };
      const list = [...new Set((items as string[]).map((i) => i.trim()).filter(Boolean))];
      if (list.length > MAX_LIST) return { error: `Ensure this list has no more than ${MAX_LIST} items.` };
      return list.some((i) => i.length > MAX_TEXT) ? { error: `Ensure each item has no more than ${MAX_TEXT} characters.` } : list;
    }
    case 'integer':
      if (typeof raw !== 'number' || !Number.isInteger(raw)) return { error: 'A valid integer is required.' };
      if ((field.min !== undefined && raw < field.min) || (field.max !== undefined && raw > field.max)) {
        return { error: `Ensure this value is from ${field.min ?? '-∞'} to ${field.max ?? '∞'}.` };
      }
      return raw;
    case 'boolean':
      return typeof raw === 'boolean' ? raw : { error: 'Must be a valid boolean.' };
    case 'select':
      return typeof raw === 'string' && field.options?.includes(raw) ? raw : { error: `"${String(raw)}" is not a valid choice.` };
  }
}

function checkUrl(field: ChannelField, raw: unknown): string | { error: string } {
  const schemes = field.schemes ?? ['http', 'https'];
  const expected = { error: `Enter a valid ${schemes.join(' or ')} URL.` };
  if (typeof raw !== 'string' || raw.length > 2048) return expected;
  try {
    const url = new URL(raw.trim());
    return schemes.includes(url.protocol.slice(0, -1)) && url.hostname !== '' ? url.href : expected;
  } catch {
    return expected;
  }
}

function checkTemplate(raw: unknown): string | { error: string } {
  if (typeof raw !== 'string') return { error: 'Not a valid string.' };
  if (raw.length > MAX_TEMPLATE) return { error: `Ensure the template has no more than ${MAX_TEMPLATE} characters.` };
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed !== null && typeof parsed === 'object' ? raw : { error: 'The template must be a JSON object or list.' };
  } catch {
    return { error: 'The template is not valid JSON.' };
  }
}

/** The URL-valued keys of a config (what the outbound policy checks). */
export function urlsOf(kind: ChannelKind, config: ChannelConfig): Array<[key: string, url: string]> {
  return kind.fields.filter((f) => f.type === 'url' && typeof config[f.key] === 'string').map((f) => [f.key, config[f.key] as string]);
}
