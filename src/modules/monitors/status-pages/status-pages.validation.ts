import { FieldErrorCollector } from '../../../errors.js';
import { REQUIRED, readBool, readStringList, readText, type Body } from '../monitor-fields.js';
import type { StatusPageValues } from './status-pages.repository.js';

const SLUG = /^[a-z0-9-]{3,64}$/;

export interface StatusPageChecks {
  slugTaken(slug: string, exceptId?: string): Promise<boolean>;
  monitorExists(id: string): boolean;
}

/** StatusPage of monitoring.md §4 (create, PUT with `full`, PATCH). */
export async function validateStatusPage(body: Body, existing: StatusPageValues | undefined, full: boolean, checks: StatusPageChecks, existingId?: string): Promise<StatusPageValues> {
  const errors = new FieldErrorCollector();
  const out: StatusPageValues = existing
    ? { ...existing }
    : { slug: '', title: '', description: '', monitors: [], published: false, show_response_times: false, footer: '' };
  const required = full || !existing;

  const slug = readText(body, 'slug', errors, { max: 64 });
  if (slug === undefined && required && !('slug' in body)) errors.add('slug', REQUIRED);
  if (typeof slug === 'string') {
    if (!SLUG.test(slug)) errors.add('slug', 'Use 3-64 lowercase letters, digits and hyphens.');
    else if (await checks.slugTaken(slug, existingId)) errors.add('slug', 'A status page with this slug already exists.');
    else out.slug = slug;
  }
  const title = readText(body, 'title', errors, { max: 200 });
  if (title === undefined && required && !('title' in body)) errors.add('title', REQUIRED);
  if (typeof title === 'string') out.title = title;
  const description = readText(body, 'description', errors, { max: 5000, blank: true });
  if (typeof description === 'string') out.description = description;
  const footer = readText(body, 'footer', errors, { max: 2000, blank: true });
  if (typeof footer === 'string') out.footer = footer;
  const monitors = readStringList(body, 'monitors', errors, {
    maxItems: 500, item: (id) => (checks.monitorExists(id) ? null : `Invalid pk "${id.slice(0, 64)}" - object does not exist.`),
  });
  if (monitors) out.monitors = monitors;
  const published = readBool(body, 'published', errors);
  if (published !== undefined) out.published = published;
  const responseTimes = readBool(body, 'show_response_times', errors);
  if (responseTimes !== undefined) out.show_response_times = responseTimes;
  errors.throwIfAny();
  return out;
}
