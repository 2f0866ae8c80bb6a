import type { RouteDef } from '../../http/routes.js';
import { requestOrigin } from '../../http/pagination.js';
import { apiRootSchema, openapiSchema, RESOURCES } from './meta.schemas.js';

export interface MetaDeps {
  trustProxy: boolean;
  /** The OpenAPI document of the running app. */
  openapi(): unknown;
}

export function metaRoutes(deps: MetaDeps): RouteDef[] {
  return [
    {
      method: 'GET', path: '', permission: 'any', tags: ['meta'], summary: 'API root: resource URLs',
      schema: apiRootSchema,
      handler: async (request) => {
        const base = `${requestOrigin(request, deps.trustProxy)}${request.url.startsWith('/api/v1') ? '/api/v1' : '/api'}`;
        return Object.fromEntries(RESOURCES.map((r) => [r, `${base}/${r}/`]));
      },
    },
    {
      method: 'GET', path: 'schema', permission: 'public', tags: ['meta'], summary: 'OpenAPI 3.1 document',
      schema: openapiSchema,
      handler: async (_req, reply) => reply.send(deps.openapi()),
    },
  ];
}
