import type { RouteDef } from '../../http/routes.js';
import type { AppContext } from '../../context.js';
import { requestOrigin } from '../../http/pagination.js';

const RESOURCES = ['users', 'roles', 'notifications', 'network/devices', 'network/connections', 'network/scans', 'metrics', 'alerts', 'alert-rules'];

export function metaRoutes(ctx: AppContext): RouteDef[] {
  return [
    {
      method: 'GET', path: '', permission: 'any', tags: ['meta'], summary: 'API root: resource URLs',
      handler: async (request) => {
        const base = `${requestOrigin(request, ctx.config.trustProxy)}${request.url.startsWith('/api/v1') ? '/api/v1' : '/api'}`;
        return Object.fromEntries(RESOURCES.map((r) => [r, `${base}/${r}/`]));
      },
    },
    {
      method: 'GET', path: 'schema', permission: 'public', tags: ['meta'], summary: 'OpenAPI 3.1 document',
      handler: async (_req, reply) => reply.send(ctx.openapi()),
    },
  ];
}
