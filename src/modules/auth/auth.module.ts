import type { Module } from '../module.js';
import { authRoutes, type AuthRouteDeps } from './auth.routes.js';
import { AuthService, type AuthDeps } from './auth.service.js';

export type AuthModuleDeps = AuthDeps & AuthRouteDeps;

/** Login, tokens, sessions, first-run registration and the login attempt log (rest.md §3). */
export function createAuthModule(deps: AuthModuleDeps): Module<AuthService> {
  const service = new AuthService(deps);
  return { service, routes: authRoutes(service, deps) };
}
