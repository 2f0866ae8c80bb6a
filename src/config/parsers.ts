import { isIP } from 'node:net';

/** A value parser: returns the parsed value, or throws a ConfigProblem naming the accepted form. */
export class ConfigProblem extends Error {
  constructor(
    readonly reason: string,
    readonly expected: string,
  ) {
    super(reason);
  }
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off']);

export function parseBoolean(raw: string): boolean {
  const v = raw.toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  throw new ConfigProblem('not a boolean', 'true, false, 1, 0, yes, no, on or off');
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

export function parseNumber(raw: string, min: number, max: number, opts: { integer?: boolean; minExclusive?: boolean } = {}): number {
  const kind = opts.integer ? 'an integer' : 'a number';
  const range = `${opts.minExclusive ? `greater than ${min}` : `from ${min}`} ${opts.minExclusive ? 'and at most' : 'to'} ${max}`;
  const expected = `${kind} ${range}`;
  if (!DECIMAL.test(raw)) throw new ConfigProblem(`not ${kind}`, expected);
  const n = Number(raw);
  if (opts.integer && !Number.isInteger(n)) throw new ConfigProblem('not an integer', expected);
  if (n > max || n < min || (opts.minExclusive && n === min)) throw new ConfigProblem('out of range', expected);
  return n;
}

export const parseInteger = (min: number, max: number) => (raw: string) => parseNumber(raw, min, max, { integer: true });

export function parseList(raw: string): string[] {
  const items = raw.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) throw new ConfigProblem('contains an empty item', 'a comma-separated list without empty items');
  return items;
}

export function parseEnum<T extends string>(values: readonly T[]) {
  return (raw: string): T => {
    if ((values as readonly string[]).includes(raw)) return raw as T;
    throw new ConfigProblem(`unknown value`, `one of ${values.join(', ')}`);
  };
}

const HOSTNAME = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

export function isHostname(value: string): boolean {
  return HOSTNAME.test(value);
}

export function parseHost(raw: string): string {
  if (isIP(raw) || isHostname(raw)) return raw;
  throw new ConfigProblem('not a host name or IP address', 'a host name or an IP address');
}

export function parseIp(raw: string): string {
  if (isIP(raw)) return raw;
  throw new ConfigProblem('not an IP address', 'an IPv4 or IPv6 address');
}

/** IPv4/IPv6 address or CIDR. */
export function isAddressOrCidr(value: string): boolean {
  const [addr, bits, extra] = value.split('/');
  if (extra !== undefined || !addr) return false;
  const family = isIP(addr);
  if (!family) return false;
  if (bits === undefined) return true;
  if (!/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

export function parseCidrList(raw: string, allowBareAddress: boolean): string[] {
  const items = parseList(raw);
  for (const item of items) {
    const ok = isAddressOrCidr(item) && (allowBareAddress || item.includes('/'));
    if (!ok) {
      throw new ConfigProblem(
        `"${item}" is not ${allowBareAddress ? 'an address or CIDR' : 'a CIDR'}`,
        allowBareAddress ? 'a comma-separated list of IPv4/IPv6 addresses or CIDRs' : 'a comma-separated list of CIDRs such as 10.0.0.0/24',
      );
    }
  }
  return items;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
export function isEmail(value: string): boolean {
  return value.length <= 254 && EMAIL.test(value);
}
