/**
 * Domain errors with stable codes. They are turned into responses in exactly two places:
 * the HTTP error handler and the socket acknowledgement wrapper. Their texts are safe to show.
 */
export type FieldErrors = Record<string, string[]>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    /** Documented extra keys of the error body (e.g. field lists, `active_scan`). */
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'ApiError';
  }

  body(): Record<string, unknown> {
    return { ...this.extra, detail: this.detail, code: this.code };
  }
}

export const PERMISSION_DENIED = 'You do not have permission to perform this action.';

export const notFound = (detail = 'Not found.', extra?: Record<string, unknown>) =>
  new ApiError(404, 'not_found', detail, extra);
export const forbidden = (detail = PERMISSION_DENIED) => new ApiError(403, 'permission_denied', detail);
export const conflict = (detail: string, extra?: Record<string, unknown>) =>
  new ApiError(409, 'conflict', detail, extra);
export const badRequest = (detail: string) => new ApiError(400, 'invalid', detail);
export const badGateway = (detail: string) => new ApiError(502, 'bad_gateway', detail);
/** A write failed for lack of space (disk, quota or the database server's disk). */
export const storageFull = () => new ApiError(503, 'storage_full', 'Storage is full.');
export const throttled = (detail: string, retryAfterSeconds: number, code = 'throttled') =>
  new ApiError(429, code, detail, {}, { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) });

/** 400 with field lists: `{"email": ["…"], "detail": "email: …", "code": "invalid"}`. */
export function validationError(fields: FieldErrors): ApiError {
  const [field, messages] = Object.entries(fields)[0] ?? ['non_field_errors', ['Invalid input.']];
  const first = messages[0] ?? 'Invalid input.';
  const detail = field === 'non_field_errors' ? first : `${field}: ${first}`;
  return new ApiError(400, 'invalid', detail, { ...fields });
}

/** Collects field messages, then throws one validation error listing all of them. */
export class FieldErrorCollector {
  private readonly fields: FieldErrors = {};
  add(field: string, message: string): void {
    (this.fields[field] ??= []).push(message);
  }
  has(field?: string): boolean {
    return field ? field in this.fields : Object.keys(this.fields).length > 0;
  }
  throwIfAny(): void {
    if (this.has()) throw validationError(this.fields);
  }
}
