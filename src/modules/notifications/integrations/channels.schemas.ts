/**
 * Route schemas of notification channels (monitoring.md §5.1). A channel's `config` depends on its kind
 * (GET integrations/channels/kinds/ lists each kind's keys); secrets in it are write-only and answered as
 * `<key>_set`. Bodies are described, not constrained: the service validates them per kind.
 */
import { object, timestamp } from '../../../http/schema-kit.js';
import { pageQuery, pageSchema, timestampOrNull } from '../../../http/schema-components.js';
import { CHANNEL_EVENTS, SEVERITIES } from '../channels/kinds/kind.js';

const field = (description: string) => ({ description }) as const;
const idParams = object({ id: { type: 'string', description: 'UUID (another form answers 404)' } });
const deleted = { 204: { type: 'null', description: 'Deleted' } } as const;

const channelProperties = {
  id: { type: 'string', format: 'uuid' },
  name: { type: 'string', maxLength: 100 },
  kind: { type: 'string' },
  config: { type: 'object', additionalProperties: true, description: 'Plain keys with their values; `<key>_set` for each secret key' },
  enabled: { type: 'boolean' },
  events: { type: 'array', items: { type: 'string', enum: [...CHANNEL_EVENTS] }, description: 'Empty: every event' },
  min_severity: { type: 'string', enum: [...SEVERITIES] },
  created_at: timestamp,
  updated_at: timestamp,
  last_delivery_at: timestampOrNull,
  last_status: { type: ['string', 'null'], enum: ['delivered', 'failed', null] },
} as const;
const channel = object(channelProperties);
const channelBody = {
  type: 'object',
  additionalProperties: true,
  properties: {
    name: field('Required, at most 100 characters, unique (case-insensitive)'),
    kind: field('Required at creation: email, webhook, ntfy, gotify, discord, slack, teams, telegram, matrix, pushover, mqtt or apprise; cannot change'),
    config: field("The kind's keys (see kinds/); a secret omitted keeps its stored value, null or \"\" clears it"),
    enabled: field('boolean, default true'),
    events: field(`List of ${CHANNEL_EVENTS.join(', ')}; empty (default) for all`),
    min_severity: field('info (default), warning or error: events below it are not sent (explicit monitor/rule channels ignore it)'),
  },
  examples: [{ name: 'Phone', kind: 'ntfy', config: { server: 'https://ntfy.example.net', topic: 'everyst', token: 'tk_…' }, events: ['monitor.down', 'monitor.up'] }],
} as const;

const kindField = {
  type: 'object',
  additionalProperties: false,
  required: ['key', 'label', 'type'],
  properties: {
    key: { type: 'string' }, label: { type: 'string' },
    type: { type: 'string', enum: ['string', 'url', 'string-list', 'integer', 'boolean', 'select', 'json-template'] },
    required: { type: 'boolean' }, secret: { type: 'boolean' },
    default: { type: ['string', 'number', 'boolean', 'array'], items: { type: 'string' } },
    options: { type: 'array', items: { type: 'string' } }, min: { type: 'number' }, max: { type: 'number' },
    schemes: { type: 'array', items: { type: 'string' } }, help: { type: 'string' },
  },
} as const;

export const listChannelKindsSchema = {
  response: {
    200: object({
      count: { type: 'integer' },
      results: { type: 'array', items: object({ kind: { type: 'string' }, label: { type: 'string' }, fields: { type: 'array', items: kindField } }) },
    }),
  },
} as const;
export const listChannelsSchema = { querystring: pageQuery(), response: { 200: pageSchema(channel) } } as const;
export const createChannelSchema = { body: channelBody, response: { 201: channel } } as const;
export const getChannelSchema = { params: idParams, response: { 200: channel } } as const;
export const updateChannelSchema = { params: idParams, body: channelBody, response: { 200: channel } } as const;
export const deleteChannelSchema = { params: idParams, response: deleted } as const;
export const testChannelSchema = {
  params: idParams,
  body: { type: 'object', additionalProperties: true, properties: {} },
  response: { 200: object({ detail: { type: 'string' } }) },
} as const;
