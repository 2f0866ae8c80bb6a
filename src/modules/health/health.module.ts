import type { Module } from '../module.js';
import { healthRoutes } from './health.routes.js';
import { HealthService, type HealthDeps } from './health.service.js';

/** Liveness (`health/`) and readiness (`health/ready/`). */
export function createHealthModule(deps: HealthDeps): Module<HealthService> {
  const service = new HealthService(deps);
  return { service, routes: healthRoutes(service) };
}
