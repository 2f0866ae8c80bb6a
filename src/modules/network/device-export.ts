import { wireTime } from '../../db/values.js';
import type { Device } from './devices.repository.js';

export const EXPORT_FORMATS = ['csv', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The main fields of a device, in the order of the CSV header; lists are joined with "; " in CSV. */
const FIELDS: Record<string, (d: Device) => unknown> = {
  id: (d) => d.id, label: (d) => d.label, type: (d) => d.type, status: (d) => d.status, ip: (d) => d.ip, mac: (d) => d.mac,
  mac_randomized: (d) => d.macRandomized, vendor: (d) => d.vendor, hostname: (d) => d.hostname,
  first_seen: (d) => wireTime(d.firstSeen), last_seen: (d) => wireTime(d.lastSeen), reviewed: (d) => d.reviewed,
  groups: (d) => d.groups, tags: (d) => d.tags, is_ignored: (d) => d.isIgnored, is_manually_added: (d) => d.isManuallyAdded,
};
export const EXPORT_COLUMNS = Object.keys(FIELDS);

export function exportRow(d: Device): Record<string, unknown> {
  return Object.fromEntries(EXPORT_COLUMNS.map((c) => [c, FIELDS[c](d)]));
}

/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, comma or line break, quotes doubled. Text a spreadsheet
 * would run as a formula (a name a device announced itself, "=HYPERLINK(…)") gets a leading apostrophe.
 */
function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = Array.isArray(value) ? value.join('; ') : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header row, then one row per device; CRLF line ends. */
export function devicesCsv(devices: readonly Device[]): string {
  const lines = [EXPORT_COLUMNS.join(','), ...devices.map((d) => {
    return EXPORT_COLUMNS.map((c) => cell(FIELDS[c](d))).join(',');
  })];
  return `${lines.join('\r\n')}\r\n`;
}

/** `everyst-devices-20250101T120000Z.csv` */
export function exportFileName(format: ExportFormat, at: Date): string {
  return `everyst-devices-${at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '')}.${format}`;
}
