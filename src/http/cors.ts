import type { FastifyRequest } from 'fastify';
import type { Config } from '../config/config.js';

const ALLOW_METHODS = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
const ALLOW_HEADERS = 'Authorization, Content-Type, Accept, Origin, X-Requested-With, X-Request-Id';

export function isOriginAllowed(cors: Config['cors'], origin: string | undefined): origin is string {
  if (!origin) return false;
  return cors.allowAll || cors.origins.includes(origin.toLowerCase().replace(/\/$/, ''));
}

/** CORS headers for an allowed origin (reflected, never `*`), or null when CORS does not apply. */
export function corsHeaders(cors: Config['cors'], origin: string | undefined) {
  if (!isOriginAllowed(cors, origin)) return null;
  const response: Record<string, string> = { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
  if (cors.allowCredentials) response['Access-Control-Allow-Credentials'] = 'true';
  const preflight = { 'Access-Control-Allow-Methods': ALLOW_METHODS, 'Access-Control-Allow-Headers': ALLOW_HEADERS, 'Access-Control-Max-Age': '86400' };
  return { response, preflight };
}

export const isPreflight = (request: FastifyRequest) => request.headers['access-control-request-method'] !== undefined;
