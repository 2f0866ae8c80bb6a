/**
 * Domain errors with stable codes, thrown by the core, which knows nothing of HTTP or Socket.IO. They are turned
 * into responses in exactly two places: the HTTP error handler (http/error-status.ts gives each class its status)
 * and the socket acknowledgement wrapper (realtime/socket-rpc.ts). Their texts are safe to show.
 */
export type FieldErrors = Record<string, string[]>;

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly detail: string,
    /** Documented extra keys of the error body (e.g. field lists, `active_scan`). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail);
    this.name = new.target.name;
  }

  body(): Record<string, unknown> {
    return { ...this.extra, detail: this.detail, code: this.code };
  }
}

/** The input is wrong: field lists in `extra` (`{"email": ["…"]}`), or one message. */
export class Invalid extends DomainError {
  constructor(detail: string, extra: Record<string, unknown> = {}, code = 'invalid') {
    super(code, detail, extra);
  }
}
/** Who is calling is unknown or no longer valid (`not_authenticated`, `token_not_valid`, `user_inactive`, …). */
export class Unauthenticated extends DomainError {}
export class Forbidden extends DomainError {
  constructor(detail = PERMISSION_DENIED) {
    super('permission_denied', detail);
  }
}
export class NotFound extends DomainError {
  constructor(detail = 'Not found.', extra: Record<string, unknown> = {}) {
    super('not_found', detail, extra);
  }
}
export class Conflict extends DomainError {
  constructor(detail: string, extra: Record<string, unknown> = {}) {
    super('conflict', detail, extra);
  }
}
/** Too many attempts or runs; the caller may try again after `retryAfterSeconds`. */
export class Throttled extends DomainError {
  readonly retryAfterSeconds: number;
  constructor(detail: string, retryAfterSeconds: number, code = 'throttled') {
    super(code, detail);
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}
/** A queue (scans) holds as many as it may. */
export class QueueFull extends Throttled {}
/** A system the server relies on for this answer (a webhook receiver, an SMTP server) failed. */
export class UpstreamFailed extends DomainError {
  constructor(detail: string) {
    super('bad_gateway', detail);
  }
}
/** A write failed for lack of space (disk, quota or the database server's disk). */
export class StorageFull extends DomainError {
  constructor() {
    super('storage_full', 'Storage is full.');
  }
}
/** The database (or another service the server needs) is unreachable for now. */
export class Unavailable extends DomainError {
  constructor() {
    super('service_unavailable', 'Service temporarily unavailable.');
  }
}

export const PERMISSION_DENIED = 'You do not have permission to perform this action.';

export const notFound = (detail = 'Not found.', extra?: Record<string, unknown>) => new NotFound(detail, extra);
export const forbidden = (detail = PERMISSION_DENIED) => new Forbidden(detail);
export const conflict = (detail: string, extra?: Record<string, unknown>) => new Conflict(detail, extra);
export const badRequest = (detail: string) => new Invalid(detail);
export const badGateway = (detail: string) => new UpstreamFailed(detail);
export const storageFull = () => new StorageFull();
export const throttled = (detail: string, retryAfterSeconds: number, code = 'throttled') => new Throttled(detail, retryAfterSeconds, code);

/** 400 with field lists: `{"email": ["…"], "detail": "email: …", "code": "invalid"}`. */
export function validationError(fields: FieldErrors): Invalid {
  const [field, messages] = Object.entries(fields)[0] ?? ['non_field_errors', ['Invalid input.']];
  const first = messages[0] ?? 'Invalid input.';
  const detail = field === 'non_field_errors' ? first : `${field}: ${first}`;
  return new Invalid(detail, { ...fields });
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
  entries(): Array<[field: string, messages: string[]]> {
    return Object.entries(this.fields);
  }
}
