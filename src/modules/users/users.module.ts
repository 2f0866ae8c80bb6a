import type { Module } from '../module.js';
import { profileImageRoutes } from './profile-image.routes.js';
import { usersRoutes } from './users.routes.js';
import { UsersService, type UsersDeps } from './users.service.js';

export interface UsersModuleDeps extends UsersDeps {
  config: UsersDeps['config'] & { uploadMaxBytes: number };
}

/** User accounts (rest.md §4): CRUD, roles and ownership, passwords, lockouts, profile images. */
export function createUsersModule(deps: UsersModuleDeps): Module<UsersService> {
  const service = new UsersService(deps);
  return { service, routes: [...usersRoutes(service), ...profileImageRoutes(service, deps.config.uploadMaxBytes)] };
}
