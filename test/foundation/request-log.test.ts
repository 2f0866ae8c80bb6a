/**
 * Structured logs of the HTTP core: one access line per request, in pino's own format and key order, with the
 * request id; `request.log` lines carry the request id too; secrets never appear.
 */
import { Writable } from 'node:stream';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { RequestLogger } from '../../src/http/request-logger.js';
import { testConfig } from '../helpers/app.js';
import { OWNER_PASSWORD, registerOwner } from '../helpers/factories.js';
import { waitFor } from '../helpers/wait.js';

type Line = Record<string, unknown>;

describe('request logs', () => {
  const lines: Line[] = [];
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(text) as Line);
      done();
    },
  });
  let app: App;
  let dataDir: string;
  const logger = () => app.ctx.logger;

  beforeAll(async () => {
    const made = testConfig({ LOG_LEVEL: 'info', EVERYST_INSTANCE_NAME: 'api-test' });
    dataDir = made.dataDir;
    app = await buildApp(made.config, { logger: createLogger(made.config, capture) });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const accessLines = (reqId: string) => lines.filter((l) => l.msg === 'request' && l.reqId === reqId);

  it('writes one access line per request, as pino itself would, with the request id', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/api/health/?probe=1', headers: { 'x-request-id': 'probe-42' } });
    expect(res.headers['x-request-id']).toBe('probe-42');
    await waitFor(() => accessLines('probe-42').length === 1, 2000, 'the access line');
    const [line] = accessLines('probe-42');
    expect(line).toMatchObject({ level: 30, instance: 'api-test', reqId: 'probe-42', method: 'GET', url: '/api/health/?probe=1', status: 200 });
    expect(typeof line.ms).toBe('number');
    expect(Date.parse(line.time as string)).toBeGreaterThan(Date.now() - 60_000);

    logger().info({ reqId: 'reference', method: 'GET', url: '/x', status: 200, ms: 1 }, 'request');
    await waitFor(() => accessLines('reference').length === 1, 2000, 'the reference line');
    expect(Object.keys(line)).toEqual(Object.keys(accessLines('reference')[0]));
  });

  it('never logs a password, even of a failed login', async () => {
    await registerOwner(app);
    const failed = await app.http.inject({
      method: 'POST', url: '/api/auth/login/', headers: { 'x-request-id': 'login-1' }, payload: { username: 'owner', password: `${OWNER_PASSWORD}-wrong` },
    });
    expect(failed.statusCode).toBe(401);
    await waitFor(() => accessLines('login-1').length === 1, 2000, 'the login access line');
    expect(accessLines('login-1')[0]).toMatchObject({ status: 401, method: 'POST' });
    expect(JSON.stringify(lines)).not.toContain(OWNER_PASSWORD);
  });

  it('request.log binds the request id, and builds its child logger only when something is logged', async () => {
    const root = logger();
    let children = 0;
    const counting = Object.create(root, { child: { value: (...args: Parameters<typeof root.child>) => (children++, root.child(...args)) } }) as typeof root;
    const log = new RequestLogger(counting, { reqId: 'handler-7' }, {});
    log.debug('below the level: nothing built');
    expect(children).toBe(0);
    log.warn({ detail: 'probe' }, 'from a handler');
    log.info('again');
    expect(children).toBe(1);
    await waitFor(() => lines.some((l) => l.msg === 'again' && l.reqId === 'handler-7'), 2000, 'the handler lines');
    expect(lines.find((l) => l.msg === 'from a handler')).toMatchObject({ level: 40, reqId: 'handler-7', detail: 'probe', instance: 'api-test' });
  });
});

describe('log lines on stdout', () => {
  it('are batched, yet every line reaches stdout when the process exits without flushing', async () => {
    const { spawn } = await import('node:child_process');
    const { join } = await import('node:path');
    const script = `
      const { createLogger } = await import(${JSON.stringify(join(import.meta.dirname, '../../src/logger.ts'))});
      const logger = createLogger({ logLevel: 'info', dev: false, instanceName: 'exit-test' });
      for (let i = 0; i < 3; i++) logger.info({ i }, 'line');
      process.exit(0);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    const lines = out.trim().split('\n').map((l) => JSON.parse(l) as Line);
    expect(lines.map((l) => [l.msg, l.i, l.instance])).toEqual([['line', 0, 'exit-test'], ['line', 1, 'exit-test'], ['line', 2, 'exit-test']]);
  }, 60_000);
});
