/** Route schemas of maintenance windows (monitoring.md §3). */
import { object } from '../../../http/schema-kit.js';
import { pageQuery, pageSchema } from '../../../http/schema-components.js';

const field = (description: string) => ({ description }) as const;
const str = { type: 'string' } as const;
const time = { type: ['string', 'null'], format: 'date-time' } as const;
const idParams = object({ id: { type: 'string', description: 'UUID (another form answers 404)' } });

const window = object({
  id: { type: 'string', format: 'uuid' }, title: str, description: str, monitors: { type: 'array', items: str }, all_monitors: { type: 'boolean' },
  starts_at: time, ends_at: time,
  recurrence: { type: ['object', 'null'], properties: { rrule: str, duration_s: { type: 'integer' }, timezone: str }, additionalProperties: false },
  active_now: { type: 'boolean' }, created_at: time, updated_at: time,
});
const windowBody = {
  type: 'object', additionalProperties: true,
  properties: {
    title: field('Required, at most 200 characters'), description: field('Text'),
    monitors: field('Monitor ids (empty with all_monitors)'), all_monitors: field('Boolean: every monitor'),
    starts_at: field('ISO time: the one-off start, or the first occurrence of a recurrence'), ends_at: field('ISO time: the one-off end'),
    recurrence: field('{"rrule": "FREQ=WEEKLY;BYDAY=SU;BYHOUR=2", "duration_s": 3600, "timezone": "Europe/Berlin"} or null'),
  },
  examples: [{ title: 'Router firmware', all_monitors: true, starts_at: '2026-12-24T22:00:00Z', ends_at: '2026-12-24T23:00:00Z' }],
} as const;

export const listWindowsSchema = { querystring: pageQuery(), response: { 200: pageSchema(window) } } as const;
export const createWindowSchema = { body: windowBody, response: { 201: window } } as const;
export const getWindowSchema = { params: idParams, response: { 200: window } } as const;
export const updateWindowSchema = { params: idParams, body: windowBody, response: { 200: window } } as const;
export const deleteWindowSchema = { params: idParams, response: { 204: { type: 'null', description: 'Deleted' } } } as const;
