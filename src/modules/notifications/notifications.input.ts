import { FieldErrorCollector, badRequest, notFound, validationError } from '../../errors.js';
import { isUuid } from '../../db/values.js';
import {
  DEFAULT_DURATION_MS, MESSAGE_MAX, SOURCE_MAX, TITLE_MAX, isNotificationType, type NewNotification,
} from './notification-types.js';
import type { ListFilters } from './notifications.repository.js';
import type { DeliveryFilters } from './outbox/deliveries.repository.js';

const REQUIRED = 'This field is required.';
const tooLong = (n: number) => `Ensure this field has no more than ${n} characters.`;

/** The target keys of a request, before permission and existence checks. */
export interface RequestedTarget { userId?: number; role?: string; system: boolean }

/** rest.md §6.1: fields, then "at most one target". */
export function parseCreateBody(body: Record<string, unknown>): { input: NewNotification; target: RequestedTarget } {
  const errors = new FieldErrorCollector();
  const { title, message, user, target_role: role, is_system: system } = body;
  if (title === undefined || title === null || title === '') errors.add('title', REQUIRED);
  else if (typeof title !== 'string') errors.add('title', 'Not a valid string.');
  else if (title.length > TITLE_MAX) errors.add('title', tooLong(TITLE_MAX));
  if (message !== undefined && message !== null && typeof message !== 'string') errors.add('message', 'Not a valid string.');
  else if (typeof message === 'string' && message.length > MESSAGE_MAX) errors.add('message', tooLong(MESSAGE_MAX));
  const type = body.type ?? 'info';
  if (!isNotificationType(type)) errors.add('type', `"${String(type)}" is not a valid choice.`);
  const source = body.source ?? 'user';
  if (typeof source !== 'string') errors.add('source', 'Not a valid string.');
  else if (source.length > SOURCE_MAX) errors.add('source', tooLong(SOURCE_MAX));
  if (user !== undefined && user !== null && (typeof user !== 'number' || !Number.isSafeInteger(user))) errors.add('user', 'A valid integer is required.');
  if (role !== undefined && role !== null && typeof role !== 'string') errors.add('target_role', 'Not a valid string.');
  if (system !== undefined && system !== null && typeof system !== 'boolean') errors.add('is_system', 'Must be a valid boolean.');
  errors.throwIfAny();

  const target: RequestedTarget = {
    userId: typeof user === 'number' ? user : undefined,
    role: typeof role === 'string' && role !== '' ? role : undefined,
    system: system === true,
  };
  if ([target.userId !== undefined, target.role !== undefined, target.system].filter(Boolean).length > 1) {
    throw validationError({ non_field_errors: ['Give at most one of user, target_role, is_system.'] });
  }
  const text = typeof message === 'string' && message !== '' ? message : null;
  return { input: { title: title as string, message: text, type: type as NewNotification['type'], source: (source as string) || 'user' }, target };
}

/** realtime.md §4.2: the nested and the flat shape of `send_notification`. */
export function parseSendPayload(payload: Record<string, unknown>): { input: NewNotification; target: RequestedTarget } {
  const nested = payload.notification;
  const fields = nested && typeof nested === 'object' && !Array.isArray(nested) ? (nested as Record<string, unknown>) : payload;
  const trim = (v: unknown) => (typeof v === 'string' ? v.trim() : v);
  const title = trim(fields.title);
  if (typeof title !== 'string' || title === '') throw badRequest('Missing required field: title');
  if (title.length > TITLE_MAX) throw badRequest(`title: ${tooLong(TITLE_MAX)}`);
  const message = trim(fields.message);
  if (message !== undefined && message !== null && typeof message !== 'string') throw badRequest('message: Not a valid string.');
  if (typeof message === 'string' && message.length > MESSAGE_MAX) throw badRequest(`message: ${tooLong(MESSAGE_MAX)}`);
  const type = isNotificationType(fields.type) ? fields.type : 'info';
  const rawSource = trim(fields.source);
  const source = typeof rawSource === 'string' && rawSource !== '' ? rawSource : 'user';
  if (source.length > SOURCE_MAX) throw badRequest(`source: ${tooLong(SOURCE_MAX)}`);
  const duration = typeof fields.duration === 'number' && Number.isFinite(fields.duration)
    ? Math.min(600_000, Math.max(0, Math.round(fields.duration)))
    : DEFAULT_DURATION_MS;

  const rawUser = payload.user_id;
  const rawRole = trim(payload.target_role);
  const hasUser = rawUser !== undefined && rawUser !== null && rawUser !== '';
  const hasRole = typeof rawRole === 'string' && rawRole !== '';
  if (hasUser && hasRole) throw badRequest('Give at most one of user_id, target_role.');
  let userId: number | undefined;
  if (hasUser) {
    const text = typeof rawUser === 'number' || typeof rawUser === 'string' ? String(rawUser).trim() : '';
    if (!/^\d{1,15}$/.test(text)) throw notFound(`User ${String(rawUser)} not found`);
    userId = Number(text);
  }
  if (rawRole !== undefined && rawRole !== null && typeof rawRole !== 'string') throw badRequest('target_role: Not a valid string.');
  const input: NewNotification = { title, message: typeof message === 'string' && message !== '' ? message : null, type, source, duration };
  return { input, target: { userId, role: hasRole ? (rawRole as string) : undefined, system: !hasUser && !hasRole } };
}


const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Filters of `GET notifications/` (rest.md §6). */
export function parseListFilters(query: Record<string, unknown>): ListFilters {
  const filters: ListFilters = {};
  if (query.unread === 'true') filters.unread = true;
  if (query.unread === 'false') filters.unread = false;
  if (typeof query.type === 'string' && query.type) filters.type = query.type;
  if (typeof query.source === 'string' && query.source) filters.source = query.source;
  if (typeof query.since === 'string' && query.since) {
    // An unencoded '+' of the offset arrives as a space.
    const since = query.since.trim().replace(/ (\d{2}:?\d{2})$/, '+$1');
    if (!ISO_WITH_OFFSET.test(since) || Number.isNaN(Date.parse(since))) {
      throw validationError({ since: ['Datetime has wrong format. Use an ISO 8601 date-time with a time zone.'] });
    }
    filters.since = new Date(since).toISOString();
  }
  return filters;
}

/** Filters of `GET notifications/deliveries/`. */
export function parseDeliveryFilters(query: Record<string, unknown>): DeliveryFilters {
  const filters: DeliveryFilters = {};
  if (typeof query.status === 'string' && query.status) filters.status = query.status;
  if (typeof query.channel === 'string' && query.channel) filters.channel = query.channel;
  if (typeof query.channel_id === 'string' && query.channel_id) {
    if (!isUuid(query.channel_id)) throw validationError({ channel_id: ['Must be a valid UUID.'] });
    filters.channel_id = query.channel_id.toLowerCase();
  }
  return filters;
}
