import type { Module } from '../module.js';
import { metaRoutes, type MetaDeps } from './meta.routes.js';

/** The API root and the OpenAPI document (`schema/`). */
export function createMetaModule(deps: MetaDeps): Module<undefined> {
  return { service: undefined, routes: metaRoutes(deps) };
}
