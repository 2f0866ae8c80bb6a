import { isIPv6 } from 'node:net';
import { FieldErrorCollector, Invalid } from '../../errors.js';

export const MUST_BE_STRING = 'Must be a string.';
export const MUST_BE_INTEGER = 'Must be an integer.';
export const INVALID_TARGET = 'Enter a valid hostname, IPv4 or IPv6 address.';

export type TargetKind = 'ipv4' | 'ipv6' | 'hostname';
export interface Target {
  kind: TargetKind;
  /** The address or name, brackets removed. */
  value: string;
}

/** The body as an object; an absent body is `{}` (README.md "Requests"). */
export function bodyObject(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new Invalid('Expected a JSON object.', {}, 'parse_error');
  }
  return body as Record<string, unknown>;
}

/** Only ASCII whitespace is trimmed, so look-alike spaces such as U+00A0 stay and get rejected. */
export function trimAscii(value: string): string {
  return value.replace(/^[\t\n\v\f\r ]+|[\t\n\v\f\r ]+$/g, '');
}

/** True when every character is printable ASCII (0x21–0x7E), plus plain spaces when `allowSpace`. */
export function isPrintableAscii(value: string, allowSpace = false): boolean {
  return allowSpace ? /^[\x20-\x7e]*$/.test(value) : /^[\x21-\x7e]*$/.test(value);
}

/** A string field, trimmed; undefined when absent or of the wrong type (the error is recorded). */
export function readString(body: Record<string, unknown>, field: string, errors: FieldErrorCollector): string | undefined {
  if (!(field in body) || body[field] === undefined) return undefined;
  const value = body[field];
  if (typeof value !== 'string') {
    errors.add(field, MUST_BE_STRING);
    return undefined;
  }
  return trimAscii(value);
}

/** An integer field; undefined when absent, null when of the wrong type (the error is recorded). */
export function readInteger(body: Record<string, unknown>, field: string, errors: FieldErrorCollector): number | undefined | null {
  if (!(field in body) || body[field] === undefined) return undefined;
  const value = body[field];
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
    errors.add(field, MUST_BE_INTEGER);
    return null;
  }
  return value;
}

const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
const IPV4 = new RegExp(`^${OCTET}(?:\\.${OCTET}){3}$`);

export function isIPv4Literal(value: string): boolean {
  return IPV4.test(value);
}

/** Standard IPv6 text (compressed and embedded IPv4 allowed); zone ids are refused. */
export function isIPv6Literal(value: string): boolean {
  return /^[0-9A-Fa-f:.]+$/.test(value) && value.includes(':') && isIPv6(value);
}

export interface HostnameRules {
  /** dig/nslookup: `_` allowed in labels (`_sip._tcp.example.com`). */
  underscore?: boolean;
}

export function isHostname(value: string, rules: HostnameRules = {}): boolean {
  const name = value.endsWith('.') ? value.slice(0, -1) : value;
  if (name.length < 1 || value.length > 253) return false;
  const label = rules.underscore ? /^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/ : /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;
  const labels = name.split('.');
  if (!labels.every((part) => label.test(part))) return false;
  return !isNumericLabel(labels[labels.length - 1]);
}

/**
 * A label the C library reads as a number (decimal, octal `0177` or hex `0x7f`). A name ending in one is a
 * numeric host form (`0x7f000001`, `127.1`, `2130706433`, `127.0.0.0x1`) that ping, traceroute and
 * getaddrinfo would take as an IPv4 address, so it is refused like any other non-dotted-quad address.
 */
function isNumericLabel(label: string): boolean {
  return /^(?:[0-9]+|0[xX][0-9A-Fa-f]*)$/.test(label);
}

/** Classifies a target (tools.md §3.2); undefined when it is none of the allowed forms. */
export function parseTarget(raw: string, rules: HostnameRules = {}): Target | undefined {
  if (!isPrintableAscii(raw) || raw.startsWith('-')) return undefined;
  if (isIPv4Literal(raw)) return { kind: 'ipv4', value: raw };
  const bare = raw.startsWith('[') && raw.endsWith(']') ? raw.slice(1, -1) : raw;
  if (isIPv6Literal(bare)) return { kind: 'ipv6', value: bare };
  if (isHostname(raw, rules)) return { kind: 'hostname', value: raw };
  return undefined;
}

/**
 * The `target` field: required (`requiredMessage` when missing or empty), then classified. `target` is
 * undefined when the text is no plain target; tools with extra forms (nmap networks, whois AS numbers)
 * check those before reporting INVALID_TARGET.
 */
export function readTarget(
  body: Record<string, unknown>,
  errors: FieldErrorCollector,
  requiredMessage: string,
  rules: HostnameRules = {},
): { raw: string; target: Target | undefined } | undefined {
  const raw = readString(body, 'target', errors);
  if (errors.has('target')) return undefined;
  if (raw === undefined || raw === '') {
    errors.add('target', requiredMessage);
    return undefined;
  }
  return { raw, target: parseTarget(raw, rules) };
}

/** The validated host of ping and traceroute (400 when missing or not a host). */
export function hostTarget(body: Record<string, unknown>): Target {
  const errors = new FieldErrorCollector();
  const input = readTarget(body, errors, 'Target host is required');
  if (input && !input.target) errors.add('target', INVALID_TARGET);
  errors.throwIfAny();
  return input!.target!;
}

/** User text quoted inside a message: control and non-ASCII characters as U+XXXX, long text shortened. */
export function shownText(value: string, max = 64): string {
  const shown = [...value.slice(0, max)]
    .map((ch) => (/^[\x20-\x7e]$/.test(ch) ? ch : `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`))
    .join('');
  return value.length > max ? `${shown}…` : shown;
}
