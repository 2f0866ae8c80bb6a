import { basename } from 'node:path';
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createFsReader } from '../../src/system/security/fs-reader.js';
import { takeSnapshot } from '../../src/system/security/snapshot.js';
import type { SecuritySnapshot } from '../../src/system/security/types.js';
import { context } from './context.js';

const ID_ORDER = [
  'listening_ports',
  'ssh_root_login',
  'ssh_password_auth',
  'firewall',
  'reboot_required',
  'everyst_tls',
  'everyst_debug',
  'everyst_cors',
  'failed_logins',
  'weak_accounts',
];

function expectWellFormed(snapshot: SecuritySnapshot) {
  expect(snapshot.checks.map((c) => c.id)).toEqual(ID_ORDER);
  for (const check of snapshot.checks) {
    expect(['pass', 'warn', 'fail', 'unknown']).toContain(check.status);
    expect(check.title).toMatch(/\S/);
    expect(check.detail).toMatch(/^[^\n]+$/);
    expect(typeof check.evidence).toBe('object');
  }
  const warns = snapshot.checks.filter((c) => c.status === 'warn').length;
  const fails = snapshot.checks.filter((c) => c.status === 'fail').length;
  expect(snapshot.score).toBe(Math.max(0, 100 - 10 * warns - 25 * fails));
  expect(snapshot.status).toBe(fails > 0 ? 'error' : warns > 0 ? 'warning' : 'success');
  for (const l of snapshot.listening) {
    expect(Object.keys(l).sort()).toEqual(['address', 'port', 'process', 'protocol']);
    expect(['tcp', 'udp']).toContain(l.protocol);
    expect(Number.isInteger(l.port) && l.port > 0 && l.port < 65536).toBe(true);
    expect(l.process === null || typeof l.process === 'string').toBe(true);
  }
  const keys = snapshot.listening.map((l) => `${l.protocol} ${l.address} ${l.port}`);
  expect(new Set(keys).size).toBe(keys.length);
}

describe('real checks on this machine', () => {
  let server: Server | undefined;
  afterAll(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  it('produce a well-formed snapshot', async () => {
    expectWellFormed(await takeSnapshot(createFsReader(), context({ now: new Date() })));
  });

  it('list a new 0.0.0.0 TCP listener with this process as its owner', async () => {
    server = createServer();
    await new Promise<void>((resolve) => server!.listen(0, '0.0.0.0', resolve));
    const port = (server.address() as AddressInfo).port;
    const snapshot = await takeSnapshot(createFsReader(), context({ everystPid: -1, now: new Date() }));
    expectWellFormed(snapshot);

    const entry = snapshot.listening.find((l) => l.protocol === 'tcp' && l.port === port);
    expect(entry).toBeDefined();
    expect(entry?.address).toBe('0.0.0.0');
    // Our own /proc/<pid>/fd is always readable, so the owner is known: by its command name, or by its program's
    // file name where Node.js 24 renamed its main thread "MainThread".
    const comm = readFileSync('/proc/self/comm', 'utf8').trim();
    expect(entry?.process).toBe(comm === 'MainThread' ? basename(process.execPath) : comm);
    const ports = snapshot.checks.find((c) => c.id === 'listening_ports');
    expect(ports?.status).toBe('warn');
    const exposed = ports?.evidence.exposed as { port: number; pid: number | null }[];
    expect(exposed.find((l) => l.port === port)?.pid).toBe(process.pid);

    // As Everyst's own listener it is expected, and no longer counted against the host.
    const asEveryst = await takeSnapshot(createFsReader(), context({ everystPid: process.pid, now: new Date() }));
    const others = asEveryst.checks.find((c) => c.id === 'listening_ports')?.evidence.others as string[];
    expect(others.some((o) => o.includes(`:${port}`))).toBe(false);
  });
});
