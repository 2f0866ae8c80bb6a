import { FieldErrorCollector } from '../../errors.js';
import { METRICS, type AlertRule, type AlertRulesRepository, type RuleMetric } from './alert-rules.repository.js';

export interface RuleValues {
  name: string; metric: RuleMetric; target: string | null;
  warning_threshold: number | null; critical_threshold: number | null;
  duration_seconds: number; hysteresis: number; cooldown_seconds: number; enabled: boolean; notify: boolean; channels: string[]; hosts: string[];
}

const DEFAULTS: Omit<RuleValues, 'name' | 'metric'> = {
  target: null, warning_threshold: null, critical_threshold: null,
  duration_seconds: 0, hysteresis: 5, cooldown_seconds: 300, enabled: true, notify: true, channels: [], hosts: [],
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_CHANNELS = 50;
const MAX_HOSTS = 100;
/** A host name (RFC 1123, as os.hostname() gives it) or an agent id. */
const HOST_ID = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,252}[A-Za-z0-9])?$/;

const REQUIRED = 'This field is required.';
const NOT_NULL = 'This field may not be null.';

/** What `target` names for each metric (metrics.md §5.1); metrics not listed take no target. */
const TARGET_RULES: Partial<Record<RuleMetric, { test: RegExp; message: string }>> = {
  filesystem_usage: { test: /^\/[^\0]{0,254}$/, message: 'Enter a mount point (an absolute path).' },
  network_rx: { test: /^[^\s/]{1,15}$/, message: 'Enter an interface name (1-15 characters, no "/" or spaces).' },
  network_tx: { test: /^[^\s/]{1,15}$/, message: 'Enter an interface name (1-15 characters, no "/" or spaces).' },
  temperature: { test: /^[^/]{1,120}\/[^/]{1,120}$/, message: 'Enter "<sensor>/<label>".' },
};

type Body = Record<string, unknown>;

function numberField(body: Body, field: string, errors: FieldErrorCollector, opts: { nullable: boolean; integer?: boolean; min?: number; max?: number }): number | null | undefined {
  if (!(field in body)) return undefined;
  const v = body[field];
  if (v === null) {
    if (!opts.nullable) errors.add(field, NOT_NULL);
    return null;
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    errors.add(field, opts.integer ? 'A valid integer is required.' : 'A valid number is required.');
    return undefined;
  }
  if (opts.integer && !Number.isInteger(v)) errors.add(field, 'A valid integer is required.');
  else if (opts.min !== undefined && v < opts.min) errors.add(field, `Ensure this value is greater than or equal to ${opts.min}.`);
  else if (opts.max !== undefined && v > opts.max) errors.add(field, `Ensure this value is less than or equal to ${opts.max}.`);
  return v;
}

function boolField(body: Body, field: string, errors: FieldErrorCollector): boolean | undefined {
  if (!(field in body)) return undefined;
  const v = body[field];
  if (typeof v === 'boolean') return v;
  errors.add(field, v === null ? NOT_NULL : 'Must be a valid boolean.');
  return undefined;
}

/**
 * AlertRule fields of metrics.md §5.1. `existing` is the rule being updated (PUT and PATCH keep the values a body
 * leaves out; PUT still requires `name` and `metric`). Throws a 400 naming every bad field.
 */
export async function validateRule(body: Body, existing: AlertRule | undefined, full: boolean, repo: AlertRulesRepository): Promise<RuleValues> {
  const errors = new FieldErrorCollector();
  const base: RuleValues = existing ? { ...existing } : { name: '', metric: 'cpu_usage', ...DEFAULTS };
  const out: RuleValues = { ...base };

  const name = body.name;
  if (name === undefined) {
    if (full) errors.add('name', REQUIRED);
  } else if (name === null) errors.add('name', NOT_NULL);
  else if (typeof name !== 'string') errors.add('name', 'Not a valid string.');
  else if (name === '') errors.add('name', 'This field may not be blank.');
  else if (name.length > 100) errors.add('name', 'Ensure this field has no more than 100 characters.');
  else if (await repo.nameTaken(name, existing?.id)) errors.add('name', 'An alert rule with this name already exists.');
  else out.name = name;

  const metric = body.metric;
  if (metric === undefined) {
    if (full) errors.add('metric', REQUIRED);
  } else if (typeof metric !== 'string' || !(METRICS as readonly string[]).includes(metric)) {
    errors.add('metric', metric === null ? NOT_NULL : `"${String(metric)}" is not a valid choice.`);
  } else out.metric = metric as RuleMetric;

  if ('target' in body) {
    const target = body.target;
    if (target !== null && typeof target !== 'string') errors.add('target', 'Not a valid string.');
    else out.target = target === '' ? null : target;
  }
  if (!errors.has('metric') && !errors.has('target') && out.target !== null) {
    const rule = TARGET_RULES[out.metric];
    if (!rule) errors.add('target', `Must be null for metric ${out.metric}.`);
    else if (!rule.test.test(out.target)) errors.add('target', rule.message);
  }

  const warning = numberField(body, 'warning_threshold', errors, { nullable: true });
  if (warning !== undefined) out.warning_threshold = warning;
  const critical = numberField(body, 'critical_threshold', errors, { nullable: true });
  if (critical !== undefined) out.critical_threshold = critical;
  if (!errors.has('warning_threshold') && !errors.has('critical_threshold')) {
    if (out.warning_threshold === null && out.critical_threshold === null) {
      errors.add('non_field_errors', 'At least one of warning_threshold and critical_threshold is required.');
    } else if (out.warning_threshold !== null && out.critical_threshold !== null && out.critical_threshold < out.warning_threshold) {
      errors.add('critical_threshold', 'critical_threshold must be greater than or equal to warning_threshold.');
    }
  }

  const duration = numberField(body, 'duration_seconds', errors, { nullable: false, integer: true, min: 0, max: 86_400 });
  if (typeof duration === 'number') out.duration_seconds = duration;
  const hysteresis = numberField(body, 'hysteresis', errors, { nullable: false, min: 0 });
  if (typeof hysteresis === 'number') out.hysteresis = hysteresis;
  const cooldown = numberField(body, 'cooldown_seconds', errors, { nullable: false, integer: true, min: 0, max: 86_400 });
  if (typeof cooldown === 'number') out.cooldown_seconds = cooldown;
  const enabled = boolField(body, 'enabled', errors);
  if (enabled !== undefined) out.enabled = enabled;
  const notify = boolField(body, 'notify', errors);
  if (notify !== undefined) out.notify = notify;
  if ('channels' in body) {
    const channels = body.channels;
    const bad = Array.isArray(channels) ? channels.find((c) => typeof c !== 'string' || !UUID.test(c)) : undefined;
    if (!Array.isArray(channels)) errors.add('channels', channels === null ? NOT_NULL : 'Expected a list of channel ids.');
    else if (channels.length > MAX_CHANNELS) errors.add('channels', `Ensure this field has no more than ${MAX_CHANNELS} elements.`);
    else if (bad !== undefined) errors.add('channels', `"${String(bad)}" is not a valid channel id.`);
    else out.channels = [...new Set((channels as string[]).map((c) => c.toLowerCase()))];
  } else if (full) out.channels = [];
  if ('hosts' in body) {
    const hosts = body.hosts;
    const bad = Array.isArray(hosts) ? hosts.find((h) => typeof h !== 'string' || !HOST_ID.test(h)) : undefined;
    if (!Array.isArray(hosts)) errors.add('hosts', hosts === null ? NOT_NULL : 'Expected a list of host ids.');
    else if (hosts.length > MAX_HOSTS) errors.add('hosts', `Ensure this field has no more than ${MAX_HOSTS} elements.`);
    else if (bad !== undefined) errors.add('hosts', `"${String(bad)}" is not a valid host id.`);
    // Agent ids are kept in lower case, as the metrics routes take them.
    else out.hosts = [...new Set((hosts as string[]).map((h) => (UUID.test(h) ? h.toLowerCase() : h)))];
  } else if (full) out.hosts = [];

  errors.throwIfAny();
  return out;
}
