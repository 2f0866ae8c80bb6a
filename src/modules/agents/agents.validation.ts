import { FieldErrorCollector } from '../../errors.js';

export interface AgentValues { name: string; tags: string[] }

const REQUIRED = 'This field is required.';
const MAX_TAGS = 20;

/** A create (`existing` absent) or PATCH body: `name` (1–100, unique, case-insensitive) and `tags` (≤ 20, each 1–50). */
export async function validateAgent(
  body: Record<string, unknown>, existing: AgentValues | undefined, nameTaken: (name: string) => Promise<boolean>,
): Promise<AgentValues> {
  const errors = new FieldErrorCollector();
  const out: AgentValues = { name: existing?.name ?? '', tags: existing?.tags ?? [] };
  if (!('name' in body)) {
    if (!existing) errors.add('name', REQUIRED);
  } else if (typeof body.name !== 'string') {
    errors.add('name', body.name === null ? 'This field may not be null.' : 'Not a valid string.');
  } else if (!body.name.trim()) {
    errors.add('name', 'This field may not be blank.');
  } else if (body.name.trim().length > 100) {
    errors.add('name', 'Ensure this field has no more than 100 characters.');
  } else if (body.name.trim().toLowerCase() !== existing?.name.toLowerCase() && await nameTaken(body.name.trim())) {
    errors.add('name', 'An agent with this name already exists.');
  } else {
    out.name = body.name.trim();
  }
  if ('tags' in body) {
    const tags = body.tags;
    if (!Array.isArray(tags) || tags.some((t) => typeof t !== 'string' || !t.trim() || t.length > 50)) {
      errors.add('tags', 'Must be a list of non-blank strings of at most 50 characters.');
    } else if (tags.length > MAX_TAGS) {
      errors.add('tags', `Ensure this field has no more than ${MAX_TAGS} elements.`);
    } else {
      out.tags = [...new Set((tags as string[]).map((t) => t.trim()))];
    }
  }
  errors.throwIfAny();
  return out;
}
