import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securitySettings } from '../../src/modules/security/security-context.js';
import { securityFactsOf } from '../../src/modules/security/security-facts.js';
import type { FlagNotifier } from '../../src/modules/security/security-notifier.js';
import { SecurityRepository } from '../../src/modules/security/security.repository.js';
import { SecurityService } from '../../src/modules/security/security.service.js';
import { EventBus } from '../../src/realtime/bus.js';
import { createFixtureReader, type FileReader, type FixtureTree } from '../../src/system/security/index.js';
import { createTestApp, type TestApp } from '../helpers/app.js';

const HEADER = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
const MYSQL = '   0: 00000000:0CEA 00000000:0000 0A 00000000:00000000 00:00000000 00000000   107        0 4242 1 0 100 0 0 10 0\n';
const MIN = 60_000;

/** A host whose /proc/net/tcp shows mysqld on 0.0.0.0:3306 or nothing, switchable between snapshots. */
function switchableHost(): { reader: FileReader; mysql(on: boolean): void } {
  const tree = (on: boolean): FixtureTree => ({
    files: { '/proc/net/tcp': HEADER + (on ? MYSQL : ''), '/proc/77/comm': 'mysqld\n' },
    links: on ? { '/proc/77/fd/3': 'socket:[4242]' } : {},
  });
  let current = createFixtureReader(tree(false));
  return {
    reader: {
      readFile: (p) => current.readFile(p),
      readDir: (p) => current.readDir(p),
      readLink: (p) => current.readLink(p),
    },
    mysql: (on) => (current = createFixtureReader(tree(on))),
  };
}

describe('security snapshot schedule, retention and changes (sqlite)', () => {
  let t: TestApp;
  let clock: number;
  const sent: Array<{ flag: string; title: string; type?: string; source?: string }> = [];
  const bus = new EventBus();
  const announced: Array<{ host: string; status: string | null }> = [];
  bus.on('securityStatusChanged', (change) => announced.push(change));
  const notifier: FlagNotifier = {
    createForFlag: async (flag, n) => void sent.push({ flag, title: n.title, type: n.type, source: n.source }),
  };

  function service(checkMinutes: number, host: string, reader: FileReader = switchableHost().reader) {
    const s = new SecurityService({
      host, reader, logger: pino({ level: 'silent' }), everystPid: 1, now: () => new Date(clock),
      settings: { ...securitySettings(t.config), checkMinutes },
      snapshots: new SecurityRepository(t.app.ctx.db),
      facts: securityFactsOf(t.app.ctx.repos),
      notifier, boundPort: () => null, events: bus,
    });
    return s;
  }
  const rowsOf = async (host: string) =>
    (await t.app.ctx.db.selectFrom('security_snapshots').select('timestamp').where('host', '=', host).orderBy('timestamp').execute())
      .map((r) => r.timestamp);

  beforeAll(async () => {
    t = await createTestApp('sqlite');
    clock = Date.parse('2025-06-01T12:00:00.000Z');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('takes the start snapshot, then one whenever the latest is SECURITY_CHECK_MINUTES old', async () => {
    const s = service(15, 'periodic');
    await s.tick();
    expect(await rowsOf('periodic')).toHaveLength(1);
    clock += 10 * MIN;
    await s.tick();
    expect(await rowsOf('periodic')).toHaveLength(1);
    clock += 5 * MIN;
    await s.tick();
    expect(await rowsOf('periodic')).toEqual(['2025-06-01T12:00:00.000Z', '2025-06-01T12:15:00.000Z']);
    // A snapshot on request counts: the next scheduled one comes a full period after it.
    clock += 5 * MIN;
    await s.refresh();
    clock += 12 * MIN;
    await s.tick();
    expect(await rowsOf('periodic')).toHaveLength(3);
    clock += 3 * MIN;
    await s.tick();
    expect(await rowsOf('periodic')).toHaveLength(4);
  });

  it('with SECURITY_CHECK_MINUTES=0 takes only the start snapshot', async () => {
    const s = service(0, 'startonly');
    await s.tick();
    clock += 86_400_000;
    await s.tick();
    await s.tick();
    expect(await rowsOf('startonly')).toHaveLength(1);
  });

  it('keeps 30 days of snapshots and answers each host its own', async () => {
    const repo = new SecurityRepository(t.app.ctx.db);
    const sample = await service(0, 'sample').snapshot();
    await repo.insert('retained', new Date(clock - 31 * 86_400_000).toISOString(), sample);
    await repo.insert('retained', new Date(clock - 29 * 86_400_000).toISOString(), sample);
    await repo.insert('elsewhere', new Date(clock + 60_000).toISOString(), sample);
    const s = service(0, 'retained');
    expect((await s.liveSummary())?.timestamp).toBe(new Date(clock - 29 * 86_400_000).toISOString());
    await s.tick();
    expect(await rowsOf('retained')).toEqual([new Date(clock - 29 * 86_400_000).toISOString(), new Date(clock).toISOString()]);
    expect((await s.history({}, { limit: 50, offset: 0 })).count).toBe(2);
    expect((await s.latest()).timestamp).toBe(new Date(clock).toISOString());
  });

  it('sends worse checks and new listeners as warnings and recoveries as success, to can_manage_system', async () => {
    const host = switchableHost();
    const s = service(0, 'changes', host.reader);
    sent.length = 0;
    await s.snapshot();
    expect(sent).toEqual([]);
    host.mysql(true);
    clock += MIN;
    const worse = await s.snapshot();
    expect(worse.listening).toEqual([{ protocol: 'tcp', address: '0.0.0.0', port: 3306, process: 'mysqld' }]);
    expect(sent).toEqual([
      { flag: 'can_manage_system', title: 'Security check warning: Listening ports', type: 'warning', source: 'security' },
      { flag: 'can_manage_system', title: 'New listening port: TCP 3306', type: 'warning', source: 'security' },
    ]);
    sent.length = 0;
    clock += MIN;
    await s.snapshot();
    expect(sent).toEqual([]);
    host.mysql(false);
    clock += MIN;
    await s.snapshot();
    expect(sent).toEqual([
      { flag: 'can_manage_system', title: 'Security check passes again: Listening ports', type: 'success', source: 'security' },
    ]);
  });

  it('takes concurrent snapshots one after the other, each compared with the one before', async () => {
    const host = switchableHost();
    const s = service(0, 'concurrent', host.reader);
    await s.snapshot();
    sent.length = 0;
    host.mysql(true);
    await Promise.all([s.snapshot(), s.snapshot(), s.snapshot()]);
    expect(sent.filter((n) => n.title === 'New listening port: TCP 3306')).toHaveLength(1);
    expect(await rowsOf('concurrent')).toHaveLength(4);
  });

  it('announces each stored snapshot\'s status on the bus (securityStatusChanged)', async () => {
    const host = switchableHost();
    const s = service(0, 'announced', host.reader);
    announced.length = 0;
    const first = await s.snapshot();
    host.mysql(true);
    clock += MIN;
    const second = await s.snapshot();
    expect(announced).toEqual([{ host: 'announced', status: first.status }, { host: 'announced', status: second.status }]);
  });
});
