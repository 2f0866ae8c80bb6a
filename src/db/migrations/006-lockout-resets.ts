import { Table, type Dialect } from '../ddl.js';

/**
 * `login_lockout_resets`: when an administrator last unlocked an account. Failed logins before that time no
 * longer count towards the account's lockout, from any address; the attempts themselves stay in the log.
 */
export function lockoutResets(d: Dialect): string[] {
  const resets = new Table('login_lockout_resets')
    .bigint('user_id', { primaryKey: true, references: 'users(id)', onDelete: 'CASCADE' })
    .ts('cleared_at');
  return [resets.render(d)];
}
