import { ADDRESS_BITS, formatIp, parseIp, type IpAddress, type IpFamily } from './ip-address.js';

/** A CIDR block, always stored with its host bits cleared. */
export class IpNetwork {
  readonly first: bigint;
  readonly last: bigint;

  constructor(
    readonly family: IpFamily,
    base: bigint,
    readonly prefix: number,
  ) {
    const bits = ADDRESS_BITS[family];
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > bits) throw new RangeError(`Invalid prefix /${prefix}`);
    const hostBits = BigInt(bits - prefix);
    this.first = (base >> hostBits) << hostBits;
    this.last = this.first + (1n << hostBits) - 1n;
  }

  /** `a.b.c.d/nn`, `x::y/nn` or a bare address (a /32 or /128). Host bits are cleared. */
  static parse(text: string): IpNetwork | null {
    const slash = text.indexOf('/');
    const address = parseIp(slash < 0 ? text : text.slice(0, slash));
    if (!address) return null;
    const bits = ADDRESS_BITS[address.family];
    let prefix = bits;
    if (slash >= 0) {
      const prefixText = text.slice(slash + 1);
      if (!/^(0|[1-9][0-9]{0,2})$/.test(prefixText)) return null;
      prefix = Number(prefixText);
      if (prefix > bits) return null;
    }
    return new IpNetwork(address.family, address.value, prefix);
  }

  static fromAddress(address: IpAddress, prefix = ADDRESS_BITS[address.family]): IpNetwork {
    return new IpNetwork(address.family, address.value, prefix);
  }

  get size(): bigint {
    return this.last - this.first + 1n;
  }

  /** IPv4 blocks of /30 or shorter lose their network and broadcast addresses. */
  get hasEdges(): boolean {
    return this.family === 4 && this.prefix <= 30;
  }

  get hostCount(): bigint {
    return this.hasEdges ? this.size - 2n : this.size;
  }

  containsAddress(address: IpAddress): boolean {
    return address.family === this.family && address.value >= this.first && address.value <= this.last;
  }

  contains(other: IpNetwork): boolean {
    return other.family === this.family && other.first >= this.first && other.last <= this.last;
  }

  overlaps(other: IpNetwork): boolean {
    return other.family === this.family && other.first <= this.last && other.last >= this.first;
  }

  /** Two CIDR blocks either nest or are disjoint, so the intersection is the smaller one or nothing. */
  intersect(other: IpNetwork): IpNetwork | null {
    if (!this.overlaps(other)) return null;
    return this.prefix >= other.prefix ? this : other;
  }

  equals(other: IpNetwork): boolean {
    return this.family === other.family && this.first === other.first && this.prefix === other.prefix;
  }

  toString(): string {
    return `${formatIp({ family: this.family, value: this.first })}/${this.prefix}`;
  }

  /** Every address to probe: all of them, less network and broadcast when `skipEdges` and the block has them. */
  *addresses(skipEdges = true): Generator<string> {
    const skip = skipEdges && this.hasEdges;
    const start = skip ? this.first + 1n : this.first;
    const end = skip ? this.last - 1n : this.last;
    for (let v = start; v <= end; v++) yield formatIp({ family: this.family, value: v });
  }
}

/** The fewest CIDR blocks that cover exactly [first, last]. */
export function rangeToNetworks(family: IpFamily, first: bigint, last: bigint): IpNetwork[] {
  const bits = ADDRESS_BITS[family];
  const result: IpNetwork[] = [];
  let current = first;
  while (current <= last) {
    let hostBits = 0;
    while (hostBits < bits) {
      const size = 1n << BigInt(hostBits + 1);
      if (current % size !== 0n || current + size - 1n > last) break;
      hostBits++;
    }
    result.push(new IpNetwork(family, current, bits - hostBits));
    current += 1n << BigInt(hostBits);
  }
  return result;
}

export interface AddressInterval {
  family: IpFamily;
  first: bigint;
  last: bigint;
}

/** Sorted, merged, non-overlapping intervals (adjacent ones are joined). */
export function mergeIntervals(intervals: readonly AddressInterval[]): AddressInterval[] {
  const sorted = [...intervals].sort((a, b) =>
    a.family !== b.family ? a.family - b.family : a.first < b.first ? -1 : a.first > b.first ? 1 : 0,
  );
  const merged: AddressInterval[] = [];
  for (const item of sorted) {
    const top = merged[merged.length - 1];
    if (top && top.family === item.family && item.first <= top.last + 1n) {
      if (item.last > top.last) top.last = item.last;
    } else {
      merged.push({ ...item });
    }
  }
  return merged;
}

/** True when the union of `cover` contains all of `item`. */
export function intervalCovered(item: AddressInterval, cover: readonly AddressInterval[]): boolean {
  return mergeIntervals(cover).some((c) => c.family === item.family && c.first <= item.first && c.last >= item.last);
}
