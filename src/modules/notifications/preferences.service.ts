import type { Principal } from '../../auth/permissions.js';
import { nowIso } from '../../db/values.js';
import { FieldErrorCollector } from '../../errors.js';
import { DEFAULT_PREFERENCES, type Preferences, type PreferencesRepository } from './preferences.repository.js';

const MIN_TYPES = ['info', 'warning', 'error'] as const;

/** NotificationPreferences (rest.md §6.2). PUT replaces (absent keys take the defaults), PATCH merges. */
export class PreferencesService {
  constructor(private readonly repo: PreferencesRepository) {}

  get(p: Principal): Promise<Preferences> {
    return this.repo.get(p.userId);
  }

  async update(p: Principal, body: Record<string, unknown>, partial: boolean): Promise<Preferences> {
    const errors = new FieldErrorCollector();
    const base = partial ? await this.repo.get(p.userId) : structuredClone(DEFAULT_PREFERENCES);
    const email = body.email;
    if (email !== undefined && (email === null || typeof email !== 'object' || Array.isArray(email))) {
      errors.add('email', 'Expected an object.');
    } else if (email) {
      const { enabled, min_type: minType } = email as Record<string, unknown>;
      if (enabled !== undefined && typeof enabled !== 'boolean') errors.add('email.enabled', 'Must be a valid boolean.');
      else if (typeof enabled === 'boolean') base.email.enabled = enabled;
      if (minType !== undefined && !MIN_TYPES.includes(minType as (typeof MIN_TYPES)[number])) {
        errors.add('email.min_type', `"${String(minType)}" is not a valid choice.`);
      } else if (minType !== undefined) base.email.min_type = minType as Preferences['email']['min_type'];
    }
    errors.throwIfAny();
    await this.repo.save(p.userId, base, nowIso());
    return base;
  }
}
