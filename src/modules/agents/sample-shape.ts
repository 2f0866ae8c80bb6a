import { metricsObject } from '../metrics/metrics.schemas.js';
import { METRICS_GROUPS, type MetricsSnapshot } from '../../system/metrics/snapshot.js';

interface Shape {
  type?: string | readonly string[];
  properties?: Record<string, Shape>;
  required?: readonly string[];
  items?: Shape;
  enum?: readonly unknown[];
}

const MAX_ITEMS = 1024;
const MAX_TEXT = 1000;

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : Number.isFinite(v) ? 'number' : 'invalid';
  return typeof v;
}

/** The first place where `value` does not fit `shape` (a JSON Schema subset: type, properties, required, items, enum). */
function misfit(shape: Shape, value: unknown, path: string): string | null {
  const actual = typeOf(value);
  if (shape.type !== undefined) {
    const allowed = typeof shape.type === 'string' ? [shape.type] : shape.type;
    const ok = allowed.includes(actual) || (actual === 'integer' && allowed.includes('number'));
    if (!ok) return `${path || 'sample'} must be ${allowed.join(' or ')}`;
  }
  if (shape.enum && !shape.enum.includes(value)) return `${path} has an unknown value`;
  if (actual === 'string' && (value as string).length > MAX_TEXT) return `${path} is too long`;
  if (actual === 'array') {
    const list = value as unknown[];
    if (list.length > MAX_ITEMS) return `${path} has too many items`;
    if (shape.items) {
      for (let i = 0; i < list.length; i++) {
        const problem = misfit(shape.items, list[i], `${path}[${i}]`);
        if (problem) return problem;
      }
    }
  }
  if (actual === 'object' && shape.properties) {
    const record = value as Record<string, unknown>;
    for (const key of shape.required ?? []) if (!(key in record)) return `${path ? `${path}.` : ''}${key} is missing`;
    for (const [key, sub] of Object.entries(shape.properties)) {
      if (!(key in record)) continue;
      const problem = misfit(sub, record[key], path ? `${path}.${key}` : key);
      if (problem) return problem;
    }
  }
  return null;
}

/**
 * An agent's `agent_sample` as a metrics object (metrics.md §2–§3, every extended group), or the reason it is not
 * one. The contract is the schema `GET system/metrics/current/` answers with, so whatever is accepted can be served.
 */
export function parseAgentSample(raw: unknown): { snapshot: MetricsSnapshot } | { problem: string } {
  const problem = misfit(metricsObject as unknown as Shape, raw, '');
  if (problem) return { problem };
  const snapshot = raw as MetricsSnapshot;
  const missing = METRICS_GROUPS.find((group) => !(group in snapshot.extended));
  if (missing) return { problem: `extended.${missing} is missing` };
  if (!Number.isFinite(Date.parse(snapshot.timestamp))) return { problem: 'timestamp is not a date-time' };
  return { snapshot };
}
