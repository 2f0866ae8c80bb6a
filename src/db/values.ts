/** Normalisers between the two engines' value forms and the domain's. */
let isoMs = 0;
let iso = '';
/** The current time as stored ISO text (formatted once per millisecond: hot in per-request checks). */
export function nowIso(): string {
  const ms = Date.now();
  if (ms !== isoMs) {
    isoMs = ms;
    iso = new Date(ms).toISOString();
  }
  return iso;
}

export const bool = (v: unknown): boolean => v === true || v === 1 || v === '1' || v === 't';

export function json<T>(v: unknown, fallback: T): T {
  if (v === null || v === undefined) return fallback;
  if (typeof v === 'string') {
    try {
      return JSON.parse(v) as T;
    } catch {
      return fallback;
    }
  }
  return v as T;
}

/** JSON value for a write: text on both engines (PostgreSQL casts it to jsonb). */
export const toJson = (v: unknown): string => JSON.stringify(v);

/** The current time in the wire form of spec README §Timestamps. */
export const nowWire = (): string => `${nowIso().slice(0, 23)}+00:00`;

const STORED_ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** Stored ISO (`…Z`) → wire form `YYYY-MM-DDTHH:MM:SS.sss+00:00` (spec README §Timestamps). */
export function wireTime(v: string | Date | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  // Stored timestamps are already `toISOString()` text: only the offset spelling changes (hot in list presenters).
  if (typeof v === 'string' && STORED_ISO.test(v)) return `${v.slice(0, 23)}+00:00`;
  const iso = typeof v === 'string' ? new Date(v).toISOString() : v.toISOString();
  return iso.replace(/Z$/, '+00:00');
}

export const epochMs = (v: string): number => new Date(v).getTime();

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID_RE.test(v);
