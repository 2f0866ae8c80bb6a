import { randomUUID } from 'node:crypto';
import { parse as parseQuery } from 'node:querystring';
import { readFileSync } from 'node:fs';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply, type FastifyRequest, type onRequestHookHandler, type preValidationHookHandler } from 'fastify';
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import { hostHeaderCount, isHostAllowed } from '../config/hosts.js';
import { forbidden, notFound } from '../errors.js';
import { HttpError } from './error-status.js';
import { hasPermission, type Permission, type Principal } from '../auth/permissions.js';
import { RequestLogger } from './request-logger.js';
import { errorHandler } from './error-handler.js';
import { redactQuerySecrets } from './log-redaction.js';
import { RouteTable } from './route-table.js';
import { corsHeaders, isPreflight } from './cors.js';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** A repeated query parameter counts once, with its last value (as Django's QueryDict reads one): `?a=1&a=2` → `a=2`. */
function lastValueQuery(text: string): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [key, value] of Object.entries(parseQuery(text))) query[key] = Array.isArray(value) ? value[value.length - 1] ?? '' : value ?? '';
  return query;
}
const JSON_BODY_LIMIT = 1024 * 1024;
/** Body fields that keep their whitespace (passwords; tool filters and options, tools.md §3.1). */
const UNTRIMMED = new Set(['password', 'current_password', 'new_password', 'filter', 'options']);
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const SECURITY_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'same-origin' };

const unsupportedMediaType = () => new HttpError(415, 'unsupported_media_type', 'Unsupported media type in request.');
const invalidHost = () => new HttpError(400, 'invalid', 'Invalid Host header');
const PROBE_PATHS = new Set(['/healthz', '/livez', '/readyz']);
const PROBE_NOT_FOUND = { detail: 'Not found. Liveness: /api/health/, readiness: /api/health/ready/.', code: 'not_found' };

const methodNotAllowed = (method: string, allowed: string[]) =>
  new HttpError(405, 'method_not_allowed', `Method "${method}" not allowed.`, {}, { Allow: allowed.join(', ') });

type SerializerFactory = ReturnType<typeof SerializerSelector>;

/**
 * Fastify's own response serialisers (fast-json-stringify, from the response schemas and the shared components),
 * each built when its route first answers with that status rather than at start-up: building all of them was a
 * third of the time to listening, and most are never needed by a given server (or not soon).
 */
const lazySerializers: SerializerFactory = (externalSchemas, serializerOpts) => {
  const build = SerializerSelector()(externalSchemas, serializerOpts);
  return (route) => {
    let serialize: ((data: unknown) => string) | undefined;
    return (data: unknown) => (serialize ??= build(route) as (data: unknown) => string)(data);
  };
};

export interface HttpServerOptions {
  config: Config;
  logger: Logger;
  authenticate: (request: FastifyRequest) => Promise<Principal>;
  /** Answers GET paths outside /api/ (web client or built-in dashboard); null → plain 404. */
  fallback?: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  /** Hears of every request whose write failed for lack of space. */
  onStorageFull?: (error: unknown) => void;
}

export const isApiPath = (url: string) => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');

/**
 * One structured line per request, when it completes, written through the root logger's own API (so its redaction
 * and stream hooks apply) with the request id as a field: a pino child logger per request was a visible share of a
 * cheap request's cost. `request.log` stays a child bound to the request id, created on first use (RequestLogger).
 */
class RequestLog extends LogController {
  constructor(private readonly logger: Logger) {
    super();
  }

  override incomingRequest(): void {}
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const url = request.url.includes('?') ? redactQuerySecrets(request.url) : request.url;
    const fields = { reqId: request.id, method: request.method, url, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10 };
    if (error) this.logger.error({ ...fields, err: error }, 'request errored');
    else this.logger.info(fields, 'request');
  }
}

/**
 * A JSON body is an object (an empty one when absent); its text fields are trimmed, but for UNTRIMMED ones.
 * Multipart is parsed for every route (the upload plugin is global) but leaves the body unread: only a route
 * that declares uploads takes it, every other one answers 415 rather than reach its handler without a body.
 */
const normalizeBody: preValidationHookHandler = (request, _reply, done) => {
  if (!BODY_METHODS.has(request.method)) return done();
  if (request.routeOptions.config.multipart) return done();
  if (request.isMultipart?.()) return done(unsupportedMediaType());
  if (request.body === undefined || request.body === null) request.body = {};
  const body = request.body;
  if (typeof body !== 'object' || Array.isArray(body)) return done(new HttpError(400, 'parse_error', 'Expected a JSON object.'));
  for (const [key, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value === 'string' && !UNTRIMMED.has(key)) (body as Record<string, unknown>)[key] = value.trim();
  }
  done();
};

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
    logController: new RequestLog(opts.logger),
    childLoggerFactory: (logger, bindings, options) => new RequestLogger(logger as Logger, bindings, options) as unknown as FastifyBaseLogger,
    bodyLimit: JSON_BODY_LIMIT,
    trustProxy: config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: false, maxParamLength: 200, querystringParser: lastValueQuery },
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: true, useDefaults: false } },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    schemaController: { compilersFactory: { buildSerializer: lazySerializers } },
  });
  app.decorateRequest('principal', null);
  const hostAllowed = (host: string | undefined) => isHostAllowed(config.allowedHosts, host);

  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api')) return;
    // The interactive documentation (swagger-ui's own routes) is public by definition.
    if (route.url.startsWith('/api/docs')) route.config = { ...route.config, permission: 'public' };
    const permission = route.config?.permission;
    if (permission === undefined) throw new Error(`route ${String(route.method)} ${route.url} declares no permission`);
    for (const method of [route.method].flat()) routes.add(route.url, method);
    const guard = routeGuard(permission, route.url.includes(':'));
    if (guard) route.onRequest = [...[route.onRequest ?? []].flat(), guard];
    if ([route.method].flat().some((m) => BODY_METHODS.has(m))) route.preValidation = [...[route.preValidation ?? []].flat(), normalizeBody];
  });

  /**
   * What a route needs before its handler, decided once when it is registered: a fixed path (`notifications/
   * preferences`) is never an id of a parametric sibling (`notifications/:id`); then the route's permission.
   */
  function routeGuard(permission: Permission, parametric: boolean): onRequestHookHandler | null {
    if (!parametric && permission === 'public') return null;
    return (request, _reply, done) => {
      if (parametric && routes.fixedMethods(request.url)) return done(methodNotAllowed(request.method, routes.allowed(request.url)));
      if (permission === 'public') return done();
      opts.authenticate(request).then((principal) => {
        request.principal = principal;
        done(hasPermission(principal, permission) ? undefined : forbidden());
      }, done);
    };
  }

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: JSON_BODY_LIMIT }, (_req, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch (e) {
      done(new HttpError(400, 'parse_error', `JSON parse error - ${(e as Error).message}`), undefined);
    }
  });

  app.addHook('onRequest', (request, reply, done) => {
    if (!hostAllowed(request.headers.host) || hostHeaderCount(request.raw.rawHeaders) > 1) return done(invalidHost());
    if (!isApiPath(request.url)) return done();
    const cors = corsHeaders(config.cors, request.headers.origin);
    if (cors) reply.headers(cors.response);
    if (request.method !== 'OPTIONS') return done();
    const allowed = routes.allowed(request.url);
    if (!allowed.length) return done(notFound());
    if (cors && isPreflight(request)) reply.code(204).headers(cors.preflight).send();
    else reply.code(204).header('Allow', allowed.join(', ')).send();
  });

  app.addHook('onSend', (request, reply, payload, done) => {
    reply.header('X-Request-Id', request.id);
    if (shuttingDown) reply.header('Connection', 'close');
    if (!isApiPath(request.url)) return done(null, payload);
    reply.header('X-Response-Time', String(Math.round(reply.elapsedTime)));
    if (!reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
    reply.headers(SECURITY_HEADERS);
    if (reply.statusCode === 401 && !reply.hasHeader('WWW-Authenticate')) reply.header('WWW-Authenticate', 'Bearer realm="api"');
    done(null, payload);
  });

  app.setErrorHandler(errorHandler(config.debug, opts.onStorageFull));

  app.setNotFoundHandler(async (request, reply) => {
    if (isApiPath(request.url)) {
      const allowed = routes.allowed(request.url);
      if (allowed.length) throw methodNotAllowed(request.method, allowed);
      return reply.code(404).send({ detail: 'Not found.', code: 'not_found' });
    }
    // A liveness or readiness probe at a conventional path must not be answered 200 by the web client's page.
    if (PROBE_PATHS.has(request.url.split('?')[0]!.replace(/\/+$/, ''))) return reply.code(404).send(PROBE_NOT_FOUND);
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
