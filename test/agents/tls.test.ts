/**
 * An https:// server whose certificate a private CA signed: the agent verifies it with --ca-file (or AGENT_CA_FILE)
 * and refuses it without that CA, or with another one.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { registerOwner, type Session } from '../helpers/factories.js';
import { api, sleep } from '../metrics/helpers.js';
import { startAgent, waitForLog, type AgentProcess } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'everyst-agent-tls-'));
const file = (name: string) => join(dir, name);
const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });

/** A CA, and a certificate for 127.0.0.1 signed by it. */
function makeCa(name: string): void {
  openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file(`${name}-ca.key`), '-out', file(`${name}-ca.pem`), '-days', '2', '-subj', `/CN=${name} test CA`]);
}

describe('an agent and an https:// server (sqlite)', () => {
  let t: TestApp;
  let owner: Session;
  let server: string;
  const agents: AgentProcess[] = [];

  beforeAll(async () => {
    makeCa('good');
    makeCa('other');
    openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('server.key'), '-out', file('server.csr'), '-subj', '/CN=127.0.0.1']);
    writeFileSync(file('ext.cnf'), 'subjectAltName=IP:127.0.0.1\n');
    openssl(['x509', '-req', '-in', file('server.csr'), '-CA', file('good-ca.pem'), '-CAkey', file('good-ca.key'), '-CAcreateserial',
      '-out', file('server.pem'), '-days', '2', '-extfile', file('ext.cnf')]);
    t = await createTestApp('sqlite', { API_HOST: '127.0.0.1', API_PORT: '0', TLS_CERT_FILE: file('server.pem'), TLS_KEY_FILE: file('server.key') });
    server = `https://127.0.0.1:${await t.app.listen()}`;
    owner = await registerOwner(t.app);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('connects when the CA is given, and refuses the server without it or with another CA', async () => {
    const token = (await api(t.app, 'POST', '/api/agents/', owner, { name: 'tls-1' })).body.token;
    const trusting = startAgent(server, token, { args: ['--ca-file', file('good-ca.pem')] });
    const byVariable = startAgent(server, token, { env: { AGENT_CA_FILE: file('good-ca.pem') } });
    const without = startAgent(server, token);
    const wrongCa = startAgent(server, token, { args: ['--ca-file', file('other-ca.pem')] });
    agents.push(trusting, byVariable, without, wrongCa);
    await waitForLog(trusting, 'connected');
    await waitForLog(byVariable, 'connected');
    await waitForLog(without, 'connection refused');
    await waitForLog(wrongCa, 'connection refused');
    await sleep(1500);
    expect(without.logged('connected')).toHaveLength(0);
    expect(wrongCa.logged('connected')).toHaveLength(0);
  });
});
