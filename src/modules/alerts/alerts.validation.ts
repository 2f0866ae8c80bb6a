import { FieldErrorCollector } from '../../errors.js';
import { isUuid } from '../../db/values.js';
import type { AlertFilters } from './alerts.repository.js';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export const STATUSES = ['new', 'acknowledged', 'resolved'] as const;

export interface AlertInput { title?: string; message?: string; source?: string; severity?: string; status?: string }

type Body = Record<string, unknown>;

function text(body: Body, field: string, max: number | null, required: boolean, errors: FieldErrorCollector): string | undefined {
  const v = body[field];
  if (v === undefined) {
    if (required) errors.add(field, 'This field is required.');
    return undefined;
  }
  if (v === null) errors.add(field, 'This field may not be null.');
  else if (typeof v !== 'string') errors.add(field, 'Not a valid string.');
  else if (v === '') errors.add(field, 'This field may not be blank.');
  else if (max !== null && v.length > max) errors.add(field, `Ensure this field has no more than ${max} characters.`);
  else return v;
  return undefined;
}

function choice(body: Body, field: string, choices: readonly string[], errors: FieldErrorCollector): string | undefined {
  const v = body[field];
  if (v === undefined) return undefined;
  if (typeof v === 'string' && choices.includes(v)) return v;
  errors.add(field, v === null ? 'This field may not be null.' : `"${String(v)}" is not a valid choice.`);
  return undefined;
}

/** Writable Alert fields (rest.md §9): create and PUT require title, message and source; PATCH requires none. */
export function validateAlertInput(body: Body, required: boolean): AlertInput {
  const errors = new FieldErrorCollector();
  const out: AlertInput = {
    title: text(body, 'title', 200, required, errors),
    message: text(body, 'message', null, required, errors),
    source: text(body, 'source', 100, required, errors),
    severity: choice(body, 'severity', SEVERITIES, errors),
    status: choice(body, 'status', STATUSES, errors),
  };
  errors.throwIfAny();
  return out;
}

/** Filters of `GET alerts/`; values that cannot match anything valid → 400. */
export function alertFilters(query: Record<string, unknown>): AlertFilters {
  const errors = new FieldErrorCollector();
  const get = (name: string) => {
    const v = query[name];
    const s = Array.isArray(v) ? v[v.length - 1] : v;
    return typeof s === 'string' && s.trim() !== '' ? s.trim() : undefined;
  };
  const filters: AlertFilters = { source: get('source'), host: get('host') };
  const status = get('status');
  if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) errors.add('status', `Select a valid choice. ${status} is not one of the available choices.`);
  else filters.status = status;
  const severity = get('severity');
  if (severity !== undefined && !(SEVERITIES as readonly string[]).includes(severity)) errors.add('severity', `Select a valid choice. ${severity} is not one of the available choices.`);
  else filters.severity = severity;
  const rule = get('rule');
  if (rule !== undefined && !isUuid(rule)) errors.add('rule', 'Enter a valid UUID.');
  else filters.rule = rule?.toLowerCase();
  const active = get('active')?.toLowerCase();
  if (active !== undefined && !['true', 'false', '1', '0'].includes(active)) errors.add('active', 'Must be a valid boolean.');
  else if (active !== undefined) filters.active = active === 'true' || active === '1';
  errors.throwIfAny();
  return filters;
}
