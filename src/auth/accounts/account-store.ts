import type { Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { ChangeCounters } from '../../db/change-counter.js';
import { UsersRepository } from './users.repository.js';
import { RolesRepository } from './roles.repository.js';
import { SessionsRepository } from './sessions.repository.js';
import { LoginAttemptsRepository } from './login-attempts.repository.js';
import { PasswordHistoryRepository } from './password-history.repository.js';

export {
  UsersRepository, type UserRow, type UserWithRole, type Account, type PresentedUserRow, type UserFilters, type UserContact, type AccountActivity,
} from './users.repository.js';
export { RolesRepository, toRole, type RoleRow } from './roles.repository.js';
export { SessionsRepository, type SessionRow, type RevokeReason } from './sessions.repository.js';
export { LoginAttemptsRepository, type LoginOutcome, type LoginAttemptRow, type AttemptFilters } from './login-attempts.repository.js';
export { PasswordHistoryRepository } from './password-history.repository.js';

/**
 * The account data every layer reads: users, roles, password history, sessions, login attempts and the change counters that keep
 * caches of them exact. It lives below the modules because authentication, the realtime gateway, workers and the
 * CLI need it as much as the users and roles modules do.
 */
export interface AccountStore {
  users: UsersRepository;
  roles: RolesRepository;
  sessions: SessionsRepository;
  loginAttempts: LoginAttemptsRepository;
  passwordHistory: PasswordHistoryRepository;
  changeCounters: ChangeCounters;
}

export function createAccountStore(db: Kysely<DB>): AccountStore {
  return {
    users: new UsersRepository(db),
    roles: new RolesRepository(db),
    sessions: new SessionsRepository(db),
    loginAttempts: new LoginAttemptsRepository(db),
    passwordHistory: new PasswordHistoryRepository(db),
    changeCounters: new ChangeCounters(db),
  };
}
