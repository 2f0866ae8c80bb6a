import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema, HTTPMethods } from 'fastify';
import type { Permission, Principal } from '../auth/permissions.js';
import { fullPaths } from './route-table.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every /api route declares what it needs; the auth hook enforces it. */
    permission?: Permission;
    /** The route takes `multipart/form-data` uploads; every other body-taking route takes JSON only. */
    multipart?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export interface RouteDef {
  method: HTTPMethods | HTTPMethods[];
  /** Relative to /api/, as the spec writes it: `users/:id/change-password`. */
  path: string;
  permission: Permission;
  summary?: string;
  tags?: string[];
  schema?: Omit<FastifySchema, 'hide' | 'summary' | 'tags'>;
  /** Body limit override (profile image uploads). */
  bodyLimit?: number;
  /** Takes `multipart/form-data` instead of JSON (uploads). */
  multipart?: boolean;
  handler: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

/** The authenticated caller of a route whose permission is not `public`. */
export function caller(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error('route without authentication asked for its caller');
  return request.principal;
}

export function registerRoutes(app: FastifyInstance, routes: RouteDef[]): void {
  for (const route of routes) {
    for (const { url, canonical } of fullPaths(route.path)) {
      app.route({
        method: route.method,
        url,
        bodyLimit: route.bodyLimit,
        // Public routes need no token: the document says so (its default is the bearer scheme).
        schema: { ...route.schema, summary: route.summary, tags: route.tags, hide: !canonical, ...(route.permission === 'public' ? { security: [] } : {}) },
        config: { permission: route.permission, ...(route.multipart ? { multipart: true } : {}) },
        handler: route.handler,
      });
    }
  }
}
