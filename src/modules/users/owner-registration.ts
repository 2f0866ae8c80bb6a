import type { Kysely } from 'kysely';
import type { Config } from '../../config/config.js';
import type { DB } from '../../db/tables.js';
import { nowIso } from '../../db/values.js';
import { isUniqueViolation } from '../../db/database.js';
import { FieldErrorCollector, Forbidden } from '../../errors.js';
import { hashPassword } from '../../auth/passwords.js';
import type { UsersRepository } from '../../auth/accounts/users.repository.js';
import { checkIdentity, checkNewPassword } from './users.validation.js';

/** The first account of an installation, made owner; the auth module's register route creates it through here. */
export class OwnerRegistration {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly users: UsersRepository,
    private readonly config: Pick<Config, 'passwordMinLength'>,
  ) {}

  /**
   * First-run registration (rest.md §3.3): the first account, made owner; refused once any account exists, also
   * when a concurrent registration got there first. Returns the new user's id.
   */
  async register(body: Record<string, unknown>): Promise<number> {
    const closed = () => new Forbidden('Registration is disabled. User accounts already exist.');
    if ((await this.users.count()) > 0) throw closed();
    const errors = new FieldErrorCollector();
    await checkIdentity(body, errors, this.users, { required: true });
    const identity = { username: body.username as string, email: body.email as string };
    checkNewPassword('password', body.password, errors, this.config.passwordMinLength, identity);
    errors.throwIfAny();
    const hash = await hashPassword(body.password as string);
    const now = nowIso();
    try {
      return await this.db.transaction().execute(async (trx) => {
        if (await this.users.any(trx)) throw closed();
        return this.users.insert({
          username: identity.username, username_normalized: identity.username.toLowerCase(),
          email: identity.email, email_normalized: identity.email.toLowerCase(), password_hash: hash,
          first_name: typeof body.first_name === 'string' ? body.first_name : '',
          last_name: typeof body.last_name === 'string' ? body.last_name : '',
          is_active: true, role_name: 'owner', date_joined: now, password_changed_at: now, created_at: now, updated_at: now,
        }, trx);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw closed();
      throw e;
    }
  }
}
