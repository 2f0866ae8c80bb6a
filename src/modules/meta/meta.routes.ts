import type { RouteDef } from '../../http/routes.js';
import { requestOrigin } from '../../http/pagination.js';
import { API_RESOURCES, apiRootSchema, openapiSchema } from './meta.schemas.js';

export interface MetaDeps {
  /** TRUST_PROXY: the links of the API root use the forwarded origin. */
  trustProxy: boolean;
  /** The OpenAPI document as the HTTP server generates it. */
  openapi: () => unknown;
}

export function metaRoutes(deps: MetaDeps): RouteDef[] {
  return [
    {
      method: 'GET', path: '', permission: 'any', tags: ['meta'], summary: 'API root: resource URLs',
      schema: apiRootSchema,
      handler: async (request) => {
        const base = `${requestOrigin(request, deps.trustProxy)}${request.url.startsWith('/api/v1') ? '/api/v1' : '/api'}`;
        return Object.fromEntries(API_RESOURCES.map((r) => [r, `${base}/${r}/`]));
      },
    },
    {
      method: 'GET', path: 'schema', permission: 'public', tags: ['meta'], summary: 'OpenAPI 3.1 document',
      schema: openapiSchema,
      handler: async (_req, reply) => reply.send(deps.openapi()),
    },
  ];
}
