import { createRequire } from 'node:module';

export interface VendorInfo {
  vendor: string | null;
  /** Locally administered (bit 1 of the first octet): a randomized or assigned MAC, never in the OUI registry. */
  macRandomized: boolean;
}

type OuiTable = Record<string, string>;
let table: OuiTable | undefined;

/** The IEEE registry shipped in `oui-data` (≈5 MB); loaded on first use, offline. */
function ouiTable(): OuiTable {
  table ??= createRequire(import.meta.url)('oui-data') as OuiTable;
  return table;
}

/** `aa:bb:cc:dd:ee:ff` from common spellings (`AA-BB-…`, `aabb.ccdd.eeff`, bare hex), else null. */
export function normalizeMac(text: string): string | null {
  const hex = text.trim().toLowerCase().replace(/[:.-]/g, '');
  if (!/^[0-9a-f]{12}$/.test(hex)) return null;
  if (!/^([0-9a-f]{1,2}[:-]){5}[0-9a-f]{1,2}$|^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$|^[0-9a-f]{12}$/.test(text.trim().toLowerCase())) {
    return null;
  }
  return hex.match(/../g)!.join(':');
}

export function isLocallyAdministered(mac: string): boolean {
  return (parseInt(mac.slice(0, 2), 16) & 0x02) !== 0;
}

/** Vendor of a MAC: the longest registry match (MA-S 36 bits, MA-M 28 bits, MA-L 24 bits). */
export function lookupVendor(mac: string): VendorInfo {
  const normalized = normalizeMac(mac);
  if (!normalized) return { vendor: null, macRandomized: false };
  if (isLocallyAdministered(normalized)) return { vendor: null, macRandomized: true };
  const hex = normalized.replace(/:/g, '').toUpperCase();
  const data = ouiTable();
  const entry = data[hex.slice(0, 9)] ?? data[hex.slice(0, 7)] ?? data[hex.slice(0, 6)];
  const vendor = entry?.split('\n')[0]?.trim();
  return { vendor: vendor ? vendor : null, macRandomized: false };
}
