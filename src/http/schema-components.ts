/**
 * Shapes several routes share, registered once (`app.addSchema`) and referenced with `ref('<$id>')`
 * (schema-kit.ts); the OpenAPI document lists them under `components.schemas`.
 */
import type { FastifyInstance } from 'fastify';
import { toolResultComponent } from '../modules/tools/tools.schemas.js';

export const SCHEMA_COMPONENTS = [toolResultComponent] as const;

export function registerSchemaComponents(app: FastifyInstance): void {
  for (const schema of SCHEMA_COMPONENTS) app.addSchema(schema);
}
