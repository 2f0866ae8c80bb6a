import { FieldErrorCollector } from '../../errors.js';
import { DEVICE_TYPES, type DeviceType } from '../../system/network/device-type.js';
import { normalizeIp } from '../../system/network/ip-address.js';
import { normalizeMac } from '../../system/network/oui.js';
import { BLANK, boolean, choice, invalidChoice, metadataObject, NOT_STRING, nullableText, pick, pythonType, text, tooLong, type Body } from './field-rules.js';

export const DEVICE_STATUSES = ['online', 'offline', 'warning', 'error'] as const;
export const PINNABLE_FIELDS = ['label', 'type', 'hostname', 'tags'] as const;
export type PinnableField = (typeof PINNABLE_FIELDS)[number];

export const INVALID_IP = 'Enter a valid IPv4 or IPv6 address.';
export const INVALID_MAC = 'Enter a valid MAC address.';
export const DUPLICATE_MAC = 'A device with this MAC address already exists.';
export const INVALID_STATUS = 'Valid status required (online, offline, warning, error)';
const HOSTNAME = /^[A-Za-z0-9._-]+$/;

/** The writable fields a body supplied (rest.md §8.2–§8.3), validated and normalised. */
export interface DeviceInput {
  label?: string;
  type?: DeviceType;
  ip?: string | null;
  mac?: string | null;
  hostname?: string | null;
  status?: string;
  tags?: string[];
  groups?: string[];
  isIgnored?: boolean;
  metadata?: Record<string, unknown>;
  pinnedFields?: PinnableField[];
}

function stringList(value: unknown, field: string, errors: FieldErrorCollector, check: (item: string) => string | null): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    errors.add(field, `Expected a list of items but got type "${pythonType(value)}".`);
    return undefined;
  }
  const out: string[] = [];
  for (const item of value) {
    const problem = typeof item !== 'string' ? NOT_STRING : check(item.trim());
    if (problem) {
      errors.add(field, problem);
      return undefined;
    }
    out.push((item as string).trim());
  }
  return out;
}

/**
 * Create (`mode` create), PUT (label required) or PATCH. `status` and `pinnedFields` are writable only on
 * updates; every other key of the body is ignored.
 */
export function parseDeviceInput(body: Body, mode: 'create' | 'put' | 'patch'): DeviceInput {
  const errors = new FieldErrorCollector();
  const input: DeviceInput = {};
  input.label = text(body, 'label', 100, mode !== 'patch', errors);
  input.type = choice(body, 'type', DEVICE_TYPES, errors);

  const ip = nullableText(body, 'ip', 45, errors);
  if (typeof ip === 'string') {
    const normalized = normalizeIp(ip);
    if (normalized) input.ip = normalized;
    else errors.add('ip', INVALID_IP);
  } else input.ip = ip;

  const mac = body.mac;
  if (mac === null || mac === '') input.mac = null;
  else if (mac !== undefined) {
    const normalized = typeof mac === 'string' ? normalizeMac(mac) : null;
    if (normalized) input.mac = normalized;
    else errors.add('mac', INVALID_MAC);
  }

  const hostname = nullableText(body, 'hostname', 255, errors);
  if (typeof hostname === 'string' && !HOSTNAME.test(hostname)) errors.add('hostname', 'Enter a valid hostname.');
  else input.hostname = hostname;

  if (body.tags === null) errors.add('tags', 'This field may not be null.');
  const tags = stringList(body.tags ?? undefined, 'tags', errors, (t) => (t === '' ? BLANK : t.length > 50 ? tooLong(50) : null));
  if (tags && tags.length > 50) errors.add('tags', 'Ensure this field has no more than 50 elements.');
  else input.tags = tags;

  input.groups = groupNames(body, errors);

  const ignored = pick(body, 'is_ignored', 'isIgnored');
  input.isIgnored = boolean(ignored?.value, 'is_ignored', errors);
  input.metadata = metadataObject(body, 'metadata', errors);

  if (mode !== 'create') {
    input.status = choice(body, 'status', DEVICE_STATUSES, errors);
    if (body.pinnedFields !== undefined) {
      const pinned = stringList(body.pinnedFields, 'pinnedFields', errors, (f) => ((PINNABLE_FIELDS as readonly string[]).includes(f) ? null : invalidChoice(f)));
      input.pinnedFields = pinned && ([...new Set(pinned)] as PinnableField[]);
    }
  }
  errors.throwIfAny();
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as DeviceInput;
}

export const MAX_GROUPS = 20;
const GROUP_NAME_MAX = 50;

/** `groups`: names of 1–50 characters, at most 20, duplicates (ignoring case) dropped. */
function groupNames(body: Body, errors: FieldErrorCollector): string[] | undefined {
  if (body.groups === null) errors.add('groups', 'This field may not be null.');
  const names = stringList(body.groups ?? undefined, 'groups', errors, (g) => (g === '' ? BLANK : g.length > GROUP_NAME_MAX ? tooLong(GROUP_NAME_MAX) : null));
  if (!names) return undefined;
  const seen = new Set<string>();
  const unique = names.filter((n) => !seen.has(n.toLowerCase()) && seen.add(n.toLowerCase()));
  if (unique.length > MAX_GROUPS) {
    errors.add('groups', `Ensure this field has no more than ${MAX_GROUPS} elements.`);
    return undefined;
  }
  return unique;
}

/** `set_status` body: one of the four statuses, else the documented 400. */
export function parseStatus(body: Body): string {
  const status = body.status;
  if (typeof status === 'string' && (DEVICE_STATUSES as readonly string[]).includes(status)) return status;
  const errors = new FieldErrorCollector();
  errors.add('status', INVALID_STATUS);
  errors.throwIfAny();
  return '';
}
