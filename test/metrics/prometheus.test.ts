import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { bearer, registerOwner, type Session } from '../helpers/factories.js';
import { api, connectSocket } from './helpers.js';

const TOKEN = 'prometheus-scrape-token-0123';
const REQUIRED = [
  'everyst_cpu_usage_percent', 'everyst_cpu_core_usage_percent{core="0"}', 'everyst_load_average{period="1m"}', 'everyst_memory_total_bytes',
  'everyst_memory_used_bytes', 'everyst_swap_used_bytes', 'everyst_filesystem_size_bytes{mount_point="/"', 'everyst_filesystem_used_bytes{',
  'everyst_network_receive_bytes_total{interface="lo"}', 'everyst_network_transmit_bytes_total{interface="lo"}', 'everyst_alerts_open{severity="critical"}',
  'everyst_socket_connections', 'everyst_http_requests_total{', 'everyst_http_request_duration_seconds_bucket{le="+Inf"}', 'everyst_build_info{version="',
];

async function scrape(t: TestApp, headers: Record<string, string> = {}) {
  const res = await t.app.http.inject({ method: 'GET', url: '/metrics', headers });
  return { status: res.statusCode, type: String(res.headers['content-type']), text: res.body, headers: res.headers };
}

describe('GET /metrics (metrics.md §6)', () => {
  describe('disabled (default)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp('sqlite');
    });
    afterAll(async () => t.close());

    it('answers 404 JSON, never the web client', async () => {
      const res = await scrape(t);
      expect(res.status).toBe(404);
      expect(res.type).toContain('application/json');
      expect(JSON.parse(res.text)).toEqual({ detail: 'Not found.', code: 'not_found' });
    });
  });

  describe('enabled without a token', () => {
    let t: TestApp;
    let owner: Session;
    let port: number;
    beforeAll(async () => {
      t = await createTestApp('sqlite', { PROMETHEUS_ENABLED: 'true', API_PORT: '0', API_HOST: '127.0.0.1' });
      port = await t.app.listen();
      owner = await registerOwner(t.app);
    });
    afterAll(async () => t.close());

    it('serves the text exposition format with the required families, no user token needed', async () => {
      await api(t.app, 'POST', '/api/alerts/', owner, { title: 'Disk on fire', message: 'Smoke', source: 'test', severity: 'critical' });
      const socket = await connectSocket(port, owner.access);
      const res = await scrape(t);
      socket.close();
      expect(res.status).toBe(200);
      expect(res.type).toBe('text/plain; version=0.0.4; charset=utf-8');
      for (const name of REQUIRED) expect(res.text, name).toContain(name);
      expect(res.text).toMatch(/^everyst_alerts_open\{severity="critical"\} 1$/m);
      expect(res.text).toMatch(/^everyst_socket_connections 1$/m);
      expect(res.text).toMatch(/^everyst_http_requests_total\{method="POST",route="\/api\/alerts",status="201"\} 1$/m);
      expect(res.text).toContain('# TYPE everyst_devices gauge');
      for (const line of res.text.trim().split('\n')) {
        if (!line.startsWith('#')) expect(line).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*(\{.*\})? -?[0-9.e+-]+$|NaN$|Inf$/);
      }
    });

    it('a bearer header is simply ignored when no token is configured', async () => {
      expect((await scrape(t, { authorization: 'Bearer whatever' })).status).toBe(200);
    });
  });

  describe('enabled with PROMETHEUS_TOKEN', () => {
    let t: TestApp;
    let owner: Session;
    beforeAll(async () => {
      t = await createTestApp('sqlite', { PROMETHEUS_ENABLED: 'true', PROMETHEUS_TOKEN: TOKEN });
      owner = await registerOwner(t.app);
    });
    afterAll(async () => t.close());

    it('needs exactly that token: missing or wrong → 401 JSON, a user access token is not enough', async () => {
      const missing = await scrape(t);
      expect(missing.status).toBe(401);
      expect(JSON.parse(missing.text)).toMatchObject({ code: 'not_authenticated' });
      expect(missing.headers['www-authenticate']).toContain('Bearer');
      const wrong = await scrape(t, { authorization: `Bearer ${TOKEN}x` });
      expect(wrong.status).toBe(401);
      expect(JSON.parse(wrong.text).detail).toBeTypeOf('string');
      expect((await scrape(t, bearer(owner))).status).toBe(401);
      const ok = await scrape(t, { authorization: `Bearer ${TOKEN}` });
      expect(ok.status).toBe(200);
      expect(ok.text).toContain('everyst_cpu_usage_percent');
    });
  });
});
