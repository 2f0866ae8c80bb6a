/** Display formats shared by the pages. */

export function bytes(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = Math.abs(value);
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${value < 0 ? '-' : ''}${v.toFixed(i === 0 ? 0 : digits)} ${units[i]}`;
}

export const rate = (bytesPerSec: number | null | undefined) => `${bytes(bytesPerSec)}/s`;

export function percent(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : `${value.toFixed(1)} %`;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function time(value: string | number | Date): string {
  return timeFormat.format(new Date(value));
}

export function dateTime(value: string | number | null | undefined): string {
  return value === null || value === undefined ? '—' : dateTimeFormat.format(new Date(value));
}

/** "3 min ago"-style relative time. */
export function ago(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return 'never';
  const seconds = Math.round((Date.now() - new Date(value).getTime()) / 1000);
  if (seconds < 45) return 'just now';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.round(seconds / 3600)} h ago`;
  return `${Math.round(seconds / 86_400)} d ago`;
}

/** Sort key that orders IPv4 addresses numerically and puts IPv6 after them. */
export function ipKey(ip: string | null): string {
  if (!ip) return '~';
  const parts = ip.split('.');
  if (parts.length === 4) return parts.map((p) => p.padStart(3, '0')).join('.');
  return `z${ip}`;
}

export function level(value: number | null | undefined): 'ok' | 'warning' | 'error' {
  if (value === null || value === undefined) return 'ok';
  return value >= 90 ? 'error' : value >= 70 ? 'warning' : 'ok';
}

/** "Chrome 126 on Linux" from a user-agent string. */
export function describeAgent(ua: string | null): string {
  if (!ua) return 'Unknown client';
  const browser = /(Edg|OPR|Firefox|HeadlessChrome|Chrome|Safari)\/(\d+)/.exec(ua);
  const name = browser ? { Edg: 'Edge', OPR: 'Opera', HeadlessChrome: 'Headless Chrome' }[browser[1]] ?? browser[1] : ua.split(/[\s/]/)[0];
  const os = /Windows|Android|iPhone|iPad|Mac OS X|Linux|CrOS/.exec(ua)?.[0]?.replace('Mac OS X', 'macOS').replace('CrOS', 'ChromeOS');
  return `${name}${browser ? ` ${browser[2]}` : ''}${os ? ` on ${os}` : ''}`;
}
