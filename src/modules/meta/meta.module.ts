import type { Module } from '../module.js';
import { metaRoutes, type MetaDeps } from './meta.routes.js';

/** The API root and the OpenAPI document (`schema/`); the interactive page is Swagger UI's (app.ts). */
export function createMetaModule(deps: MetaDeps): Module {
  return { service: undefined, routes: metaRoutes(deps) };
}
