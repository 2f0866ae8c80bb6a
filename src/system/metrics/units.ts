/** Rounding and formatting shared by the metric readers (units of metrics.md §2–§3). */

export const round1 = (value: number): number => Math.round(value * 10) / 10;
export const round2 = (value: number): number => Math.round(value * 100) / 100;

/** "GB" of the flat keys: bytes ÷ 1024³, 1 decimal. */
export const bytesToGB = (bytes: number): number => round1(bytes / 1024 ** 3);

/** part ÷ whole × 100 with 1 decimal; 0 when whole is 0. */
export const percent = (part: number, whole: number): number => (whole > 0 ? round1((part / whole) * 100) : 0);

/** Counter delta; a counter that went backwards (reset, wrap, device re-created) counts as no change. */
export const counterDelta = (current: number, previous: number | undefined): number =>
  previous === undefined || current < previous ? 0 : current - previous;

/** Integer per-second rate of a counter delta over `seconds`; 0 when no time elapsed. */
export const perSecond = (delta: number, seconds: number): number => (seconds > 0 ? Math.round(delta / seconds) : 0);

/** ISO-8601 UTC with milliseconds and an explicit `+00:00` offset (spec README "Timestamps"). */
export const isoTimestamp = (epochMs: number): string => new Date(epochMs).toISOString().replace('Z', '+00:00');

/** `"<d>d <h>h <m>m"`, e.g. `"3d 4h 12m"`. */
export function formatUptime(seconds: number): string {
  const total = Math.max(0, Math.floor(seconds));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  return `${days}d ${hours}h ${minutes}m`;
}

/** Splits a line on runs of whitespace, ignoring leading/trailing blanks. */
export const fields = (line: string): string[] => line.trim().split(/\s+/);

/** Parses `Key: value` lines (meminfo, cpuinfo blocks, os-release uses `=`) into a map. */
export function keyValues(text: string, separator: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of text.split('\n')) {
    const at = line.indexOf(separator);
    if (at > 0) map.set(line.slice(0, at).trim(), line.slice(at + separator.length).trim());
  }
  return map;
}
