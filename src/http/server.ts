import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import { isHostAllowed } from '../config/hosts.js';
import { ApiError, forbidden, notFound } from '../errors.js';
import { hasPermission, type Principal } from '../auth/permissions.js';
import { errorHandler } from './error-handler.js';
import { RouteTable } from './route-table.js';
import { corsHeaders, isPreflight } from './cors.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;
const JSON_BODY_LIMIT = 1024 * 1024;
/** Body fields that keep their whitespace (passwords; tool filters and options, tools.md §3.1). */
const UNTRIMMED = new Set(['password', 'current_password', 'new_password', 'filter', 'options']);

const methodNotAllowed = (method: string, allowed: string[]) =>
  new ApiError(405, 'method_not_allowed', `Method "${method}" not allowed.`, {}, { Allow: allowed.join(', ') });

export interface HttpServerOptions {
  config: Config;
  logger: Logger;
  authenticate: (request: FastifyRequest) => Promise<Principal>;
  /** Answers GET paths outside /api/ (web client or built-in dashboard); null → plain 404. */
  fallback?: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

export const isApiPath = (url: string) => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');

/** One structured line per request, when it completes (the request id is bound to request.log). */
class RequestLog extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const fields = { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 };
    if (error) reply.log.error({ ...fields, err: error }, 'request errored');
    else reply.log.info(fields, 'request');
  }
}

export interface HttpServer {
  app: FastifyInstance;
  routes: RouteTable;
  /** From now on every response closes its connection, so in-flight requests finish and nothing lingers. */
  beginShutdown(): void;
}

export function createHttpServer(opts: HttpServerOptions): HttpServer {
  const { config } = opts;
  let shuttingDown = false;
  const routes = new RouteTable();
  const app = Fastify({
    ...(config.tls ? { https: { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) } } : {}),
    loggerInstance: opts.logger,
    logController: new RequestLog(),
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: false, maxParamLength: 200 },
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: true, useDefaults: false } },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  app.decorateRequest('principal', null);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api')) return;
    // The interactive documentation (swagger-ui's own routes) is public by definition.
    if (route.url.startsWith('/api/docs')) route.config = { ...route.config, permission: 'public' };
    if (route.config?.permission === undefined) throw new Error(`route ${String(route.method)} ${route.url} declares no permission`);
    for (const method of [route.method].flat()) routes.add(route.url, method);
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: JSON_BODY_LIMIT }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch (e) {
      done(new ApiError(400, 'parse_error', `JSON parse error - ${(e as Error).message}`), undefined);
    }
  });

  app.addHook('onRequest', async (request, reply) => {
    (request as FastifyRequest & { startedAt: number }).startedAt = performance.now();
    if (!isHostAllowed(config.allowedHosts, request.headers.host)) throw new ApiError(400, 'invalid', 'Invalid Host header');
    const api = isApiPath(request.url);
    const cors = api ? corsHeaders(config.cors, request.headers.origin) : null;
    if (cors) reply.headers(cors.response);
    if (request.method === 'OPTIONS' && api) {
      const allowed = routes.allowed(request.url);
      if (!allowed.length) throw notFound();
      if (cors && isPreflight(request)) return reply.code(204).headers(cors.preflight).send();
      return reply.code(204).header('Allow', allowed.join(', ')).send();
    }
    // A fixed path (`notifications/preferences`) is never an id of a parametric sibling (`notifications/:id`).
    const fixed = api && request.routeOptions.url?.includes(':') ? routes.fixedMethods(request.url) : null;
    if (fixed) throw methodNotAllowed(request.method, routes.allowed(request.url));
    const permission = request.routeOptions.config?.permission;
    if (permission === undefined || permission === 'public') return;
    const principal = await opts.authenticate(request);
    request.principal = principal;
    if (!hasPermission(principal, permission)) throw forbidden();
  });

  app.addHook('preValidation', async (request) => {
    if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(request.method) || String(request.headers['content-type'] ?? '').startsWith('multipart/')) return;
    if (request.body === undefined || request.body === null) request.body = {};
    const body = request.body;
    if (typeof body !== 'object' || Array.isArray(body)) throw new ApiError(400, 'parse_error', 'Expected a JSON object.');
    for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
      if (typeof value === 'string' && !UNTRIMMED.has(key)) (body as Record<string, unknown>)[key] = value.trim();
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('X-Request-Id', request.id);
    if (shuttingDown) reply.header('Connection', 'close');
    if (!isApiPath(request.url)) return payload;
    const started = (request as FastifyRequest & { startedAt?: number }).startedAt ?? performance.now();
    reply.header('X-Response-Time', String(Math.round(performance.now() - started)));
    if (!reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Referrer-Policy', 'same-origin');
    if (reply.statusCode === 401 && !reply.hasHeader('WWW-Authenticate')) reply.header('WWW-Authenticate', 'Bearer realm="api"');
    return payload;
  });

  app.setErrorHandler(errorHandler(config.debug));

  app.setNotFoundHandler(async (request, reply) => {
    if (isApiPath(request.url)) {
      const allowed = routes.allowed(request.url);
      if (allowed.length) throw methodNotAllowed(request.method, allowed);
      return reply.code(404).send({ detail: 'Not found.', code: 'not_found' });
    }
    if (opts.fallback && (request.method === 'GET' || request.method === 'HEAD')) return opts.fallback(request, reply);
    return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
  });

  return {
    app: app as unknown as FastifyInstance,
    routes,
    beginShutdown: () => {
      shuttingDown = true;
    },
  };
}
