/**
 * Route schemas of notifications, preferences and deliveries (rest.md §6). Bodies and query strings are described
 * but not constrained here: their rules and error texts (rest.md §6.1, realtime.md) are the hand validation of
 * notifications.input.ts and the services, which a schema would answer with other texts.
 */
import { object, timestamp } from '../../http/schema-kit.js';
import { pageSchema, ref, timestampOrNull } from '../../http/schema-components.js';

/** A documented body field that the schema does not check (the service does, with the contract's texts). */
const field = (description: string) => ({ description }) as const;
const openBody = <P extends Record<string, unknown>>(properties: P, examples: unknown[] = []) =>
  ({ type: 'object', properties, additionalProperties: true, ...(examples.length ? { examples } : {}) }) as const;
const idParams = object({ id: { type: 'string', description: 'UUID (another form answers 404)' } });
const noBody = openBody({});

const notification = ref('Notification');
const updated = object({ updated: { type: 'integer', minimum: 0 } });

export const preferencesSchema = object({
  email: object({ enabled: { type: 'boolean' }, min_type: { type: 'string', enum: ['info', 'warning', 'error'] } }),
});

const delivery = object({
  id: { type: 'string', format: 'uuid' },
  notification: { type: ['string', 'null'], description: 'The notification delivered; null for channel events that are no notification' },
  channel: { type: 'string', description: 'email, webhook (an integration webhook), or the kind of a notification channel' },
  recipient: { type: 'string', description: 'Email address, webhook id or channel id' },
  status: { type: 'string', enum: ['pending', 'sending', 'delivered', 'failed'] },
  attempts: { type: 'integer', minimum: 0 },
  next_attempt_at: timestampOrNull,
  last_error: { type: ['string', 'null'] },
  created_at: timestamp,
  delivered_at: timestampOrNull,
  channel_id: { type: ['string', 'null'], description: 'The notification channel (monitoring.md §5), or null' },
  channel_name: { type: ['string', 'null'] },
  event: { type: ['string', 'null'], description: 'The channel event (monitor.down, alert.triggered, …), or null' },
});

const listQuery = {
  type: 'object',
  properties: {
    page: field('1-based page number'),
    page_size: field('1–500, default 50'),
    unread: field('`true` or `false`'),
    type: field('info, success, warning or error'),
    source: field('e.g. system_monitoring'),
    since: field('ISO-8601 date-time with an offset'),
  },
} as const;

export const listSchema = {
  querystring: listQuery,
  response: {
    200: {
      type: 'object',
      properties: {
        count: { type: 'integer', minimum: 0 },
        unread_count: { type: 'integer', minimum: 0 },
        next: { type: ['string', 'null'] },
        previous: { type: ['string', 'null'] },
        results: { type: 'array', items: notification },
      },
      required: ['count', 'unread_count', 'next', 'previous', 'results'],
    },
  },
} as const;

export const createSchema = {
  body: openBody({
    title: field('Required, at most 200 characters'),
    message: field('At most 5000 characters, or null'),
    type: field('info (default), success, warning or error'),
    source: field('At most 100 characters; default "user"'),
    user: field('Target user id (integer); needs can_manage_users for another user'),
    target_role: field('Target role name; needs can_manage_system'),
    is_system: field('true: to everyone; needs can_manage_system'),
  }, [{ title: 'Backup finished', message: 'All volumes copied.', type: 'success' }]),
  response: { 201: notification },
} as const;

export const markAsReadSchema = {
  body: openBody({ ids: field('Notification ids (UUIDs)') }, [{ ids: ['6f1c0d2e-8c3b-4c1e-9a55-2f1d0e9b7a10'] }]),
  response: { 200: updated },
} as const;

export const markAllAsReadSchema = { body: noBody, response: { 200: updated } } as const;
export const unreadCountSchema = { response: { 200: object({ count: { type: 'integer', minimum: 0 } }) } } as const;
export const recentSchema = { response: { 200: { type: 'array', items: notification, maxItems: 10 } } } as const;
export const getPreferencesSchema = { response: { 200: preferencesSchema } } as const;
export const updatePreferencesSchema = {
  body: openBody({ email: field('{"enabled": boolean, "min_type": "info"|"warning"|"error"}') }, [{ email: { enabled: true, min_type: 'warning' } }]),
  response: { 200: preferencesSchema },
} as const;

export const deliveriesSchema = {
  querystring: { type: 'object', properties: { page: field('1-based page'), page_size: field('1–500'), status: field('Delivery status'), channel: field('email, webhook or a channel kind'), channel_id: field('One notification channel') } },
  response: { 200: pageSchema(delivery) },
} as const;
export const retrySchema = { params: idParams, body: noBody, response: { 200: delivery } } as const;

export const getSchema = { params: idParams, response: { 200: notification } } as const;
export const setReadSchema = {
  params: idParams,
  body: openBody({ read: field('boolean: the caller\'s read state'), is_read: field('Same as read') }, [{ read: true }]),
  response: { 200: notification },
} as const;
export const deleteSchema = { params: idParams, response: { 204: { type: 'null', description: 'Deleted or dismissed' } } } as const;
