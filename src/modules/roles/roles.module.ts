import type { Module } from '../module.js';
import type { RolesRepository } from '../../auth/accounts/roles.repository.js';
import { rolesRoutes } from './roles.routes.js';
import { RolesService } from './roles.service.js';

export interface RolesDeps { roles: RolesRepository }

/** Roles and custom roles (rest.md §5, roles.md §3). */
export function createRolesModule(deps: RolesDeps): Module<RolesService> {
  const service = new RolesService(deps.roles);
  return { service, routes: rolesRoutes(service) };
}
