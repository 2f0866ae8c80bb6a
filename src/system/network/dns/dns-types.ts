/** DNS numbers and their presentation names (RFC 1035, 3596, 2782, 4034, 8659). */
export const RR_TYPES: Record<string, number> = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  PTR: 12,
  HINFO: 13,
  MX: 15,
  TXT: 16,
  AAAA: 28,
  SRV: 33,
  OPT: 41,
  DS: 43,
  RRSIG: 46,
  NSEC: 47,
  DNSKEY: 48,
  NSEC3: 50,
  SVCB: 64,
  HTTPS: 65,
  ANY: 255,
  CAA: 257,
};

const TYPE_NAMES = new Map(Object.entries(RR_TYPES).map(([name, code]) => [code, name]));

export function typeName(code: number): string {
  return TYPE_NAMES.get(code) ?? `TYPE${code}`;
}

export function className(code: number): string {
  return ({ 1: 'IN', 3: 'CH', 4: 'HS', 254: 'NONE', 255: 'ANY' } as Record<number, string>)[code] ?? `CLASS${code}`;
}

const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED', 'YXDOMAIN', 'YXRRSET', 'NXRRSET', 'NOTAUTH', 'NOTZONE'];

export function rcodeName(code: number): string {
  return RCODES[code] ?? `RESERVED${code}`;
}

/** The record types dig accepts from users (tools.md §3.3). */
export const DIG_RECORD_TYPES = ['A', 'AAAA', 'ANY', 'CAA', 'CNAME', 'DNSKEY', 'DS', 'MX', 'NS', 'PTR', 'SOA', 'SRV', 'TXT'] as const;
export type DigRecordType = (typeof DIG_RECORD_TYPES)[number];

export const TYPE_PTR = RR_TYPES.PTR;
/** NetBIOS node status (RFC 1002 §4.2.17). */
export const TYPE_NBSTAT = 0x21;
export const CLASS_IN = 1;
