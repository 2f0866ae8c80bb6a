/**
 * Route schemas of alerts and alert rules (rest.md §9, metrics.md §5.1). Bodies and filters are described, not
 * constrained: alerts.validation.ts and alert-rules.validation.ts check them with the contract's texts (and the
 * rule checks need the database).
 */
import { object } from '../../http/schema-kit.js';
import { pageQuery, pageSchema, ref } from '../../http/schema-components.js';

const field = (description: string) => ({ description }) as const;
const openBody = <P extends Record<string, unknown>>(properties: P, examples: unknown[] = []) =>
  ({ type: 'object', properties, additionalProperties: true, ...(examples.length ? { examples } : {}) }) as const;
const idParams = object({ id: { type: 'string', description: 'UUID (another form answers 404)' } });
const deleted = { 204: { type: 'null', description: 'Deleted' } } as const;
const alert = ref('Alert');
const rule = ref('AlertRule');

const alertBody = openBody({
  title: field('Required on create and PUT, at most 200 characters'),
  message: field('Required on create and PUT'),
  source: field('Required on create and PUT, at most 100 characters'),
  severity: field('low, medium (default), high or critical'),
  status: field('new (default), acknowledged or resolved; only moves forward'),
}, [{ title: 'Disk replaced', message: 'sdb was swapped, RAID rebuilding.', source: 'operator', severity: 'medium' }]);

const ruleBody = openBody({
  name: field('Required on create and PUT, unique, at most 100 characters'),
  metric: field('cpu_usage, memory_usage, swap_usage, filesystem_usage, load_per_core, network_rx, network_tx or temperature'),
  target: field('Mount point, interface or "<sensor>/<label>" for the metrics that take one; null for all'),
  warning_threshold: field('number or null (one of the thresholds is required)'),
  critical_threshold: field('number or null, at least warning_threshold'),
  duration_seconds: field('integer 0–86400, default 0'),
  hysteresis: field('number ≥ 0, default 5'),
  cooldown_seconds: field('integer 0–86400, default 300'),
  enabled: field('boolean, default true'),
  notify: field('boolean, default true'),
  channels: field('List of notification channel ids its alerts go to; empty (default): every channel whose filter takes them'),
  hosts: field('List of host ids it is evaluated on: host names of instances and agent ids (GET system/metrics/hosts/); empty (default): every host'),
}, [{ name: 'Root filesystem', metric: 'filesystem_usage', target: '/', warning_threshold: 85, critical_threshold: 95, duration_seconds: 60 }]);

export const listAlertsSchema = {
  querystring: {
    type: 'object',
    properties: {
      page: field('1-based page'), page_size: field('1–500'), status: field('new, acknowledged or resolved'),
      severity: field('low, medium, high or critical'), source: field('Source'), rule: field('Alert rule id'), host: field('Host name'),
      active: field('true: not resolved; false: resolved'),
    },
  },
  response: { 200: pageSchema(alert) },
} as const;
export const createAlertSchema = { body: alertBody, response: { 201: alert } } as const;
export const getAlertSchema = { params: idParams, response: { 200: alert } } as const;
export const updateAlertSchema = { params: idParams, body: alertBody, response: { 200: alert } } as const;
export const deleteAlertSchema = { params: idParams, response: deleted } as const;
export const alertActionSchema = { params: idParams, body: openBody({}), response: { 200: alert } } as const;

export const listRulesSchema = {
  querystring: pageQuery(),
  response: { 200: pageSchema(rule) },
} as const;
export const createRuleSchema = { body: ruleBody, response: { 201: rule } } as const;
export const getRuleSchema = { params: idParams, response: { 200: rule } } as const;
export const updateRuleSchema = { params: idParams, body: ruleBody, response: { 200: rule } } as const;
export const deleteRuleSchema = { params: idParams, response: deleted } as const;
