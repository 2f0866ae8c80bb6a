import { loadConfigOrExit, openDatabaseWithRetry } from '../main.js';
import { createAccountStore } from '../auth/accounts/account-store.js';
import { LoginLockout } from '../auth/lockout.js';
import { UsersService } from '../modules/users/users.service.js';
import { EventBus } from '../realtime/bus.js';
import { DomainError } from '../errors.js';

/** User administration for the CLI: the same service and rules as the API, acting as the machine's operator. */
export async function buildUserAdmin() {
  const config = loadConfigOrExit();
  const database = await openDatabaseWithRetry(config);
  await database.migrate();
  const accounts = createAccountStore(database.db);
  const lockout = new LoginLockout(config, accounts.loginAttempts);
  const service = new UsersService({ db: database.db, bus: new EventBus(), accounts, lockout, config });
  const explain = (e: unknown): never => {
    if (e instanceof DomainError) {
      const fields = Object.entries(e.extra).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(' ') : String(v)}`);
      throw new Error(fields.length ? fields.join('; ') : e.detail);
    }
    throw e;
  };
  return {
    create: (body: Record<string, unknown>) => service.create('cli', body).catch(explain),
    setPassword: (username: string, password: string) => service.setPasswordByName(username, password).catch(explain),
    list: () => service.listAll().catch(explain),
    setRole: (username: string, role: string) => service.setRoleByName(username, role).catch(explain),
    unlock: (username: string) => service.lockouts.unlockByName(username).catch(explain),
    close: () => database.close(),
  };
}
