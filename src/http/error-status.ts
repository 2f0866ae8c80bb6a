import {
  Conflict, DomainError, Forbidden, Invalid, NotFound, StorageFull, Throttled, Unauthenticated, Unavailable, UpstreamFailed,
} from '../errors.js';

/** An error only the HTTP edge raises (405, 413, 415, body parse errors): it carries its own status. */
export class HttpError extends DomainError {
  constructor(
    readonly status: number,
    code: string,
    detail: string,
    extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(code, detail, extra);
  }
}

const STATUS: ReadonlyArray<[new (...args: never[]) => DomainError, number]> = [
  [Invalid, 400], [Unauthenticated, 401], [Forbidden, 403], [NotFound, 404], [Conflict, 409], [Throttled, 429],
  [UpstreamFailed, 502], [StorageFull, 503], [Unavailable, 503],
];

/** The one place that gives domain errors their HTTP status and headers. */
export function httpStatusOf(error: DomainError): { status: number; headers: Record<string, string> } {
  if (error instanceof HttpError) return { status: error.status, headers: error.headers };
  if (error instanceof Throttled) return { status: 429, headers: { 'Retry-After': String(error.retryAfterSeconds) } };
  const status = STATUS.find(([kind]) => error instanceof kind)?.[1] ?? 400;
  return { status, headers: {} };
}
