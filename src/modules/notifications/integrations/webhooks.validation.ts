import { FieldErrorCollector } from '../../../errors.js';
import { isNotificationType, type NotificationType } from '../notification-types.js';

export interface WebhookInput {
  name?: string; url?: string; secret?: string; enabled?: boolean; min_type?: NotificationType; sources?: string[] | null;
}

const REQUIRED = 'This field is required.';

function validUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const typeName = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v === 'string' ? 'str' : typeof v);

/** Field rules of rest.md §7 (Webhook). `partial`: PATCH, absent fields stay as they are. */
export function checkWebhook(body: Record<string, unknown>, partial: boolean): WebhookInput {
  const errors = new FieldErrorCollector();
  const out: WebhookInput = {};
  const present = (k: string) => body[k] !== undefined;

  if (!present('name') || body.name === null || body.name === '') {
    if (!partial || present('name')) errors.add('name', REQUIRED);
  } else if (typeof body.name !== 'string') errors.add('name', 'Not a valid string.');
  else if (body.name.length > 100) errors.add('name', 'Ensure this field has no more than 100 characters.');
  else out.name = body.name;

  if (!present('url') || body.url === null || body.url === '') {
    if (!partial || present('url')) errors.add('url', REQUIRED);
  } else if (typeof body.url !== 'string' || !validUrl(body.url)) errors.add('url', 'Enter a valid URL.');
  else if (body.url.length > 2048) errors.add('url', 'Ensure this field has no more than 2048 characters.');
  else out.url = body.url;

  if (present('secret') && body.secret !== null && body.secret !== '') {
    if (typeof body.secret !== 'string') errors.add('secret', 'Not a valid string.');
    else if (body.secret.length < 16) errors.add('secret', 'Ensure this field has at least 16 characters.');
    else out.secret = body.secret;
  }

  if (present('enabled')) {
    if (typeof body.enabled !== 'boolean') errors.add('enabled', 'Must be a valid boolean.');
    else out.enabled = body.enabled;
  }

  if (present('min_type')) {
    if (!isNotificationType(body.min_type)) errors.add('min_type', `"${String(body.min_type)}" is not a valid choice.`);
    else out.min_type = body.min_type;
  }

  if (present('sources')) {
    const sources = body.sources;
    if (sources === null) out.sources = null;
    else if (!Array.isArray(sources)) errors.add('sources', `Expected a list of items but got type "${typeName(sources)}".`);
    else if (sources.some((s) => typeof s !== 'string' || s.trim() === '' || s.length > 100)) {
      errors.add('sources', 'Each source must be a non-empty string of at most 100 characters.');
    } else out.sources = [...new Set((sources as string[]).map((s) => s.trim()))];
  }
  errors.throwIfAny();
  return out;
}
