import { describe, expect, it } from 'vitest';
import { checkListeningPorts } from '../../src/system/security/checks/listening-ports.js';
import { createFixtureReader } from '../../src/system/security/fixture-reader.js';
import { readListening } from '../../src/system/security/listening.js';
import { findSocketOwners } from '../../src/system/security/socket-owners.js';
import { loadFixtureHost } from './fixture-host.js';

const EXPECTED = { everystPid: 900, everystPort: 8000, sshPorts: [22, 2222] };

describe('listening sockets of fixture host-a', () => {
  it('lists each protocol + address + port once, sorted, with the owning process when readable', async () => {
    const { sources, listeners } = await readListening(await loadFixtureHost('host-a'), true);
    expect(sources).toEqual(['/proc/net/tcp', '/proc/net/tcp6', '/proc/net/udp', '/proc/net/udp6']);
    expect(listeners.map((l) => [l.protocol, l.address, l.port, l.process, l.pid])).toEqual([
      ['tcp', '0.0.0.0', 22, 'sshd', 700],
      ['tcp', '::', 22, 'sshd', 700],
      ['tcp', '192.168.1.10', 80, 'nginx', 1001],
      ['tcp', '2001:db8::10', 443, 'nginx', 1001],
      ['tcp', '0.0.0.0', 2049, null, null],
      ['tcp', '127.0.0.1', 5432, 'postgres', 812],
      ['tcp', '::1', 6379, 'redis-server', 1100],
      ['tcp', '0.0.0.0', 8000, 'node', 900],
      ['tcp', '::', 8000, 'node', 900],
      ['tcp', '::ffff:127.0.0.1', 9090, 'prometheus', 1200],
      ['udp', '127.0.0.53', 53, 'systemd-resolve', 1400],
      ['udp', 'fe80::1', 546, null, null],
      ['udp', '0.0.0.0', 5353, 'avahi-daemon', 1300],
      ['udp', '::', 5353, 'avahi-daemon', 1300],
    ]);
  });

  it('gives a socket shared by forked workers to the lowest pid, and skips unreadable processes', async () => {
    const owners = await findSocketOwners(await loadFixtureHost('host-a'), new Set([1401, 1402, 1501, 2201]));
    expect(Object.fromEntries(owners)).toEqual({
      1401: { pid: 1001, process: 'nginx' },
      1402: { pid: 1002, process: 'nginx' },
    });
  });

  it('warns about services other than Everyst and SSH on non-loopback addresses', async () => {
    const check = checkListeningPorts(await readListening(await loadFixtureHost('host-a'), true), EXPECTED);
    expect(check).toMatchObject({
      id: 'listening_ports',
      title: 'Listening ports',
      status: 'warn',
      detail: '6 other services listen on non-loopback addresses',
    });
    expect(check.evidence.others).toEqual([
      'tcp 192.168.1.10:80 (nginx)',
      'tcp [2001:db8::10]:443 (nginx)',
      'tcp 0.0.0.0:2049',
      'udp [fe80::1]:546',
      'udp 0.0.0.0:5353 (avahi-daemon)',
      'udp [::]:5353 (avahi-daemon)',
    ]);
    expect(check.evidence.loopbackCount).toBe(4);
  });
});

describe('listening_ports rules', () => {
  const table = (rows: string[]) =>
    ['  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode', ...rows].join(
      '\n',
    );
  const row = (addr: string, inode: number) =>
    `   0: ${addr} 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 ${inode} 1 0 100 0 0 10 0`;

  it('passes when only Everyst and sshd listen beyond loopback', async () => {
    const reader = createFixtureReader({
      files: {
        '/proc/net/tcp': table([row('00000000:0016', 11), row('00000000:1F40', 12), row('0100007F:1538', 13)]),
        '/proc/5/comm': 'sshd\n',
      },
      links: { '/proc/5/fd/3': 'socket:[11]', '/proc/900/fd/3': 'socket:[12]' },
    });
    const check = checkListeningPorts(await readListening(reader, true), EXPECTED);
    expect(check).toMatchObject({ status: 'pass', detail: 'Only Everyst and SSH listen on non-loopback addresses' });
  });

  it('judges by port when the owner cannot be read, and by process when it can', async () => {
    const reader = createFixtureReader({
      files: { '/proc/net/tcp': table([row('00000000:08AE', 21), row('00000000:0016', 22)]), '/proc/7/comm': 'nc\n' },
      links: { '/proc/7/fd/3': 'socket:[22]' },
    });
    const check = checkListeningPorts(await readListening(reader, true), EXPECTED);
    // 2222 is sshd's second Port with no readable owner; 22 is held by netcat, not sshd.
    expect(check.status).toBe('warn');
    expect(check.evidence.others).toEqual(['tcp 0.0.0.0:22 (nc)']);
  });

  it('is unknown when no socket table can be read', async () => {
    const check = checkListeningPorts(await readListening(createFixtureReader({}), true), EXPECTED);
    expect(check).toMatchObject({ status: 'unknown', evidence: { sources: [] } });
  });
});
