/**
 * Shapes that several routes (and modules) share, registered once with `app.addSchema` and used by `ref(id)`.
 * Key order is the order of the presenters: responses are serialised from these schemas.
 */
import { ref, timestamp } from './schema-kit.js';

const uuid = { type: 'string', format: 'uuid' } as const;
const stringOrNull = { type: ['string', 'null'] } as const;
const integerOrNull = { type: ['integer', 'null'] } as const;
const numberOrNull = { type: ['number', 'null'] } as const;
/** A timestamp or null (rest.md README §Timestamps). */
export const timestampOrNull = { type: ['string', 'null'], description: 'ISO-8601 date-time, or null' } as const;

const closed = <P extends Record<string, unknown>>(properties: P) =>
  ({ type: 'object', properties, required: Object.keys(properties), additionalProperties: false }) as const;

/** rest.md §1.3. */
export const notificationComponent = {
  $id: 'Notification',
  ...closed({
    id: uuid,
    user: { ...integerOrNull, description: 'The target user; null for role and system notifications' },
    title: { type: 'string', maxLength: 200 },
    message: stringOrNull,
    type: { type: 'string', enum: ['info', 'success', 'warning', 'error'] },
    timestamp: { type: 'integer', description: 'Epoch milliseconds' },
    is_system: { type: 'boolean' },
    source: { type: 'string' },
    read: { type: 'boolean', description: 'Read state for the caller' },
    target_role: stringOrNull,
    created_by: integerOrNull,
    created_at: timestamp,
  }),
  examples: [{
    id: '6f1c0d2e-8c3b-4c1e-9a55-2f1d0e9b7a10', user: 1, title: 'Backup finished', message: 'All volumes copied.', type: 'success',
    timestamp: 1753611330123, is_system: false, source: 'user', read: false, target_role: null, created_by: 1,
    created_at: '2025-07-27T10:15:30.123+00:00',
  }],
} as const;

/** rest.md §1.8. */
export const alertComponent = {
  $id: 'Alert',
  ...closed({
    id: uuid,
    created_at: timestamp,
    updated_at: timestamp,
    timestamp,
    title: { type: 'string', maxLength: 200 },
    message: { type: 'string' },
    severity: { type: 'string', enum: ['low', 'medium', 'high', 'critical'] },
    status: { type: 'string', enum: ['new', 'acknowledged', 'resolved'] },
    source: { type: 'string' },
    rule: { ...stringOrNull, description: 'Alert rule id' },
    metric: stringOrNull,
    target: stringOrNull,
    host: stringOrNull,
    value: numberOrNull,
    threshold: numberOrNull,
    peak_value: numberOrNull,
    acknowledged_by: integerOrNull,
    acknowledged_at: timestampOrNull,
    resolved_at: timestampOrNull,
  }),
  examples: [{
    id: '0b5e9f1a-2c3d-4e5f-8a9b-0c1d2e3f4a5b', created_at: '2025-07-27T10:15:30.123+00:00', updated_at: '2025-07-27T10:15:30.123+00:00',
    timestamp: '2025-07-27T10:15:30.123+00:00', title: 'High Memory Usage', message: 'System RAM usage has reached 92.0%',
    severity: 'high', status: 'new', source: 'system_monitoring', rule: '5d6e7f80-1a2b-4c3d-9e8f-7a6b5c4d3e2f', metric: 'memory_usage',
    target: null, host: 'server-1', value: 92, threshold: 90, peak_value: 92, acknowledged_by: null, acknowledged_at: null, resolved_at: null,
  }],
} as const;

/** metrics.md §5.1. */
export const alertRuleComponent = {
  $id: 'AlertRule',
  ...closed({
    id: uuid,
    name: { type: 'string', maxLength: 100 },
    metric: {
      type: 'string',
      enum: ['cpu_usage', 'memory_usage', 'swap_usage', 'filesystem_usage', 'load_per_core', 'network_rx', 'network_tx', 'temperature'],
    },
    target: stringOrNull,
    warning_threshold: numberOrNull,
    critical_threshold: numberOrNull,
    duration_seconds: { type: 'integer', minimum: 0 },
    hysteresis: { type: 'number', minimum: 0 },
    cooldown_seconds: { type: 'integer', minimum: 0 },
    enabled: { type: 'boolean' },
    notify: { type: 'boolean' },
    is_builtin: { type: 'boolean' },
    created_at: timestamp,
    updated_at: timestamp,
  }),
  examples: [{
    id: '5d6e7f80-1a2b-4c3d-9e8f-7a6b5c4d3e2f', name: 'Memory usage', metric: 'memory_usage', target: null, warning_threshold: 90,
    critical_threshold: 95, duration_seconds: 60, hysteresis: 5, cooldown_seconds: 300, enabled: true, notify: true, is_builtin: true,
    created_at: '2025-07-27T10:15:30.123+00:00', updated_at: '2025-07-27T10:15:30.123+00:00',
  }],
} as const;

/** The paginated envelope of spec README §Lists around `items`. */
export function pageSchema<I extends Record<string, unknown>>(items: I) {
  return closed({
    count: { type: 'integer', minimum: 0 },
    next: { ...stringOrNull, description: 'Absolute URL of the next page' },
    previous: { ...stringOrNull, description: 'Absolute URL of the previous page' },
    results: { type: 'array', items },
  });
}

export { ref };
