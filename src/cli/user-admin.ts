import { loadConfigOrExit, openDatabaseWithRetry } from '../main.js';
import { UsersRepository } from '../modules/users/users.repository.js';
import { RolesRepository } from '../modules/roles/roles.repository.js';
import { SessionsRepository } from '../auth/sessions.repository.js';
import { LoginAttemptsRepository } from '../auth/login-attempts.repository.js';
import { LoginLockout } from '../auth/lockout.js';
import { UsersService } from '../modules/users/users.service.js';
import { EventBus } from '../realtime/bus.js';
import { DomainError } from '../errors.js';

/** User administration for the CLI: the same service and rules as the API, acting as the machine's operator. */
export async function buildUserAdmin() {
  const config = loadConfigOrExit();
  const database = await openDatabaseWithRetry(config);
  await database.migrate();
  const users = new UsersRepository(database.db);
  const lockout = new LoginLockout(config, new LoginAttemptsRepository(database.db));
  const service = new UsersService(config, database.db, users, new RolesRepository(database.db), new SessionsRepository(database.db), new EventBus(), lockout);
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
    unlock: (username: string) => service.lockouts.unlockByName(username).catch(explain),
    close: () => database.close(),
  };
}
