import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, Invalid, storageFull, Unavailable, validationError, type FieldErrors } from '../errors.js';
import { HttpError, httpStatusOf } from './error-status.js';
import { isConnectionError } from '../db/database.js';
import { isStorageFull } from '../runtime/storage-full.js';

interface AjvError { instancePath: string; keyword: string; params: Record<string, unknown>; message?: string }

function fieldName(e: AjvError): string {
  if (e.keyword === 'required') return String(e.params.missingProperty);
  const path = e.instancePath.replace(/^\//, '').split('/');
  return path[0] || 'non_field_errors';
}

function messageFor(e: AjvError): string {
  switch (e.keyword) {
    case 'required': return 'This field is required.';
    case 'type': {
      const t = String(e.params.type);
      if (t.includes('boolean')) return 'Must be a valid boolean.';
      if (t.includes('integer')) return 'A valid integer is required.';
      if (t.includes('number')) return 'A valid number is required.';
      if (t.includes('string')) return 'Not a valid string.';
      if (t.includes('array')) return 'Expected a list of items.';
      if (t.includes('object')) return 'Expected a dictionary of items.';
      return `Expected ${t}.`;
    }
    case 'maxLength': return `Ensure this field has no more than ${String(e.params.limit)} characters.`;
    case 'minLength': return Number(e.params.limit) <= 1 ? 'This field may not be blank.' : `Ensure this field has at least ${String(e.params.limit)} characters.`;
    case 'enum': return `Not a valid choice. Valid choices: ${(e.params.allowedValues as unknown[]).join(', ')}.`;
    case 'maximum': return `Ensure this value is less than or equal to ${String(e.params.limit)}.`;
    case 'minimum': return `Ensure this value is greater than or equal to ${String(e.params.limit)}.`;
    case 'maxItems': return `Ensure this field has no more than ${String(e.params.limit)} elements.`;
    case 'format': return e.params.format === 'email' ? 'Enter a valid email address.' : `Enter a valid ${String(e.params.format)}.`;
    default: return e.message ?? 'Invalid value.';
  }
}

export function ajvToInvalid(errors: AjvError[]): Invalid {
  const fields: FieldErrors = {};
  for (const e of errors) {
    const name = fieldName(e);
    const message = messageFor(e);
    const list = (fields[name] ??= []);
    if (!list.includes(message)) list.push(message);
  }
  return validationError(fields);
}

const FASTIFY_ERRORS: Record<string, () => HttpError> = {
  FST_ERR_CTP_BODY_TOO_LARGE: () => new HttpError(413, 'payload_too_large', 'Request body too large.'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: () => new HttpError(415, 'unsupported_media_type', 'Unsupported media type in request.'),
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: () => new HttpError(400, 'parse_error', 'JSON parse error - invalid content length'),
  FST_REQ_FILE_TOO_LARGE: () => new HttpError(413, 'payload_too_large', 'Request body too large.'),
  FST_INVALID_MULTIPART_CONTENT_TYPE: () => new HttpError(415, 'unsupported_media_type', 'Unsupported media type in request.'),
};

function toDomainError(error: unknown): DomainError | null {
  if (error instanceof DomainError) return error;
  const fe = error as FastifyError & { validation?: AjvError[] };
  if (fe?.validation) return ajvToInvalid(fe.validation);
  if (fe?.code && FASTIFY_ERRORS[fe.code]) return FASTIFY_ERRORS[fe.code]();
  if (isStorageFull(error)) return storageFull();
  if (isConnectionError(error)) return new Unavailable();
  if (fe?.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return new HttpError(fe.statusCode, 'invalid', 'Invalid request.');
  return null;
}

/** Maps any thrown error to the JSON error contract (rest.md §Errors) with its status; null for a server fault. */
export function toHttpError(error: unknown): HttpError | null {
  const domain = toDomainError(error);
  if (!domain || domain instanceof HttpError) return domain;
  const { status, headers } = httpStatusOf(domain);
  return new HttpError(status, domain.code, domain.detail, domain.extra, headers);
}

/** `onStorageFull` hears of every write that failed for lack of space (readiness, app.ts). */
export function errorHandler(debug: boolean, onStorageFull?: (error: unknown) => void) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const apiError = toHttpError(error);
    if (apiError) {
      if (apiError.code === 'storage_full') {
        onStorageFull?.(error);
        request.log.warn({ err: error }, 'storage full');
      } else if (apiError.status >= 500) request.log.warn({ err: error }, 'service unavailable');
      return reply.code(apiError.status).headers(apiError.headers).send(apiError.body());
    }
    request.log.error({ err: error }, 'unhandled error');
    const body: Record<string, unknown> = { detail: 'Internal server error.', code: 'server_error' };
    if (debug) body.debug = { error: error.message, stack: error.stack };
    return reply.code(500).send(body);
  };
}
