#!/usr/bin/env node
// Container/systemd health probe: exit 0 when GET /api/health/ of the local server answers 200, 1 otherwise.
// It reads the same variables as the server (API_HOST, API_PORT, TLS_CERT_FILE, ALLOWED_HOSTS), so it asks the
// address the server listens on, over TLS when the server serves TLS, with a Host header the server accepts.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

const env = process.env;
const port = Number(env.API_PORT || 8000);
const listen = env.API_HOST || '::';
const address = listen === '::' || listen === '0.0.0.0' ? '127.0.0.1' : listen;
const allowed = (env.ALLOWED_HOSTS || '*').split(',').map((h) => h.trim()).find((h) => h && h !== '*');
const host = allowed ? allowed.replace(/^\./, '') : address.includes(':') ? `[${address}]` : address;
const request = env.TLS_CERT_FILE ? httpsRequest : httpRequest;

const req = request({
  host: address, port, path: '/api/health/', method: 'GET', timeout: 4000,
  headers: { host, accept: 'application/json' }, rejectUnauthorized: false,
}, (res) => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
});
req.on('timeout', () => req.destroy(new Error('timeout')));
req.on('error', (error) => {
  console.error(`health check failed: ${error.message}`);
  process.exit(1);
});
req.end();
