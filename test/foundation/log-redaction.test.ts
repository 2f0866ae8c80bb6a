/**
 * Secrets sent in a URL's query (`?token=` of a link, a form sent as a query) never reach a log line: not the
 * access line, not a request's own `request.log` lines, not any other line of the logger.
 */
import { rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { createLogger } from '../../src/logger.js';
import { RequestLogger } from '../../src/http/request-logger.js';
import { testConfig } from '../helpers/app.js';
import { waitFor } from '../helpers/wait.js';

type Line = Record<string, unknown>;

const SECRETS = ['tok-9f2e', 'acc-77aa', 'ref-1b1b', 'pw-Hunter2', 'sec-0c0c', 'key-5d5d', 'enc-3e3e'];

describe('secret query parameters in logs', () => {
  const lines: Line[] = [];
  const text: string[] = [];
  const capture = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        text.push(line);
        lines.push(JSON.parse(line) as Line);
      }
      done();
    },
  });
  let app: App;
  let dataDir: string;

  beforeAll(async () => {
    const made = testConfig({ LOG_LEVEL: 'info' });
    dataDir = made.dataDir;
    app = await buildApp(made.config, { logger: createLogger(made.config, capture) });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('are redacted in the access line, other parameters kept', async () => {
    const query = `token=${SECRETS[0]}&page=2&access=${SECRETS[1]}&REFRESH=${SECRETS[2]}&password=${SECRETS[3]}&secret=${SECRETS[4]}&key=${SECRETS[5]}&%74oken=${SECRETS[6]}`;
    const res = await app.http.inject({ method: 'GET', url: `/api/users/me/?${query}`, headers: { 'x-request-id': 'redact-1' } });
    expect(res.statusCode).toBe(401);
    await waitFor(() => lines.some((l) => l.reqId === 'redact-1' && l.msg === 'request'), 2000, 'the access line');
    const line = lines.find((l) => l.reqId === 'redact-1' && l.msg === 'request');
    expect(line?.url).toBe('/api/users/me/?token=[redacted]&page=2&access=[redacted]&REFRESH=[redacted]&password=[redacted]' +
      '&secret=[redacted]&key=[redacted]&%74oken=[redacted]');
    for (const secret of SECRETS) expect(text.join('\n')).not.toContain(secret);
  });

  it('are redacted in request.log lines and any other line, wherever the URL sits', async () => {
    const log = new RequestLogger(app.ctx.logger, { reqId: 'redact-2' }, {});
    log.warn({ url: `/api/tools/?token=${SECRETS[0]}#x`, detail: 'a "quoted" value' }, `GET /api/x?secret=${SECRETS[4]} failed`);
    app.ctx.logger.child({ component: 'probe' }).error({ err: new Error(`fetch /api/y?a=1&key=${SECRETS[5]} refused`) }, 'child line');
    await waitFor(() => lines.some((l) => l.msg === 'child line'), 2000, 'the logged lines');
    const handler = lines.find((l) => l.reqId === 'redact-2');
    expect(handler).toMatchObject({ url: '/api/tools/?token=[redacted]#x', detail: 'a "quoted" value', msg: 'GET /api/x?secret=[redacted] failed' });
    const child = lines.find((l) => l.msg === 'child line') as { err: { message: string } };
    expect(child.err.message).toBe('fetch /api/y?a=1&key=[redacted] refused');
    for (const secret of SECRETS) expect(text.join('\n')).not.toContain(secret);
  });

  it('redact the token of a push URL, the path segment that is its secret', async () => {
    const token = 'pushTOKENpushTOKENpushTOKEN12345';
    const res = await app.http.inject({ method: 'GET', url: `/api/v1/push/${token}?status=up`, headers: { 'x-request-id': 'redact-push' } });
    expect(res.statusCode).toBe(404);
    await waitFor(() => lines.some((l) => l.reqId === 'redact-push' && l.msg === 'request'), 2000, 'the access line');
    expect(lines.find((l) => l.reqId === 'redact-push' && l.msg === 'request')?.url).toBe('/api/v1/push/[redacted]?status=up');
    expect(text.join('\n')).not.toContain(token);
  });

  it('leave lines without secret parameters as they are', async () => {
    app.ctx.logger.info({ url: '/api/alerts/?page=2&keyword=x&tokens=3' }, 'plain = line');
    await waitFor(() => lines.some((l) => l.msg === 'plain = line'), 2000, 'the plain line');
    expect(lines.find((l) => l.msg === 'plain = line')?.url).toBe('/api/alerts/?page=2&keyword=x&tokens=3');
  });
});
