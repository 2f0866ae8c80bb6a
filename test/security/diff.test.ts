import { describe, expect, it } from 'vitest';
import { diffSnapshots } from '../../src/system/security/diff.js';
import type { CheckStatus, Listener, SecurityCheck } from '../../src/system/security/types.js';

const check = (id: string, status: CheckStatus): SecurityCheck => ({
  id,
  title: `Title of ${id}`,
  status,
  detail: `${id} is ${status}`,
  evidence: {},
});
const snap = (statuses: Record<string, CheckStatus>, listening: Listener[] = []) => ({
  checks: Object.entries(statuses).map(([id, s]) => check(id, s)),
  listening,
});
const tcp = (address: string, port: number, process: string | null = null): Listener => ({
  protocol: 'tcp',
  address,
  port,
  process,
});

describe('diffSnapshots', () => {
  it('reports nothing without a previous snapshot or without changes', () => {
    const current = snap({ a: 'fail' }, [tcp('0.0.0.0', 80)]);
    expect(diffSnapshots(null, current)).toEqual([]);
    expect(diffSnapshots(current, current)).toEqual([]);
  });

  it('notifies a worse check as warning, or error when it now fails', () => {
    const changes = diffSnapshots(snap({ a: 'pass', b: 'warn', c: 'pass' }), snap({ a: 'warn', b: 'fail', c: 'pass' }));
    expect(changes.map((c) => [c.kind, c.type, c.title, c.message])).toEqual([
      ['worse', 'warning', 'Security check warning: Title of a', 'a is warn'],
      ['worse', 'error', 'Security check failed: Title of b', 'b is fail'],
    ]);
    expect(changes[1]).toMatchObject({ from: 'warn', check: { id: 'b', status: 'fail' } });
  });

  it('notifies a better check as success', () => {
    const changes = diffSnapshots(snap({ a: 'fail', b: 'warn', c: 'fail' }), snap({ a: 'warn', b: 'pass', c: 'pass' }));
    expect(changes.map((c) => [c.kind, c.type, c.title])).toEqual([
      ['recovered', 'success', 'Security check improved: Title of a'],
      ['recovered', 'success', 'Security check passes again: Title of b'],
      ['recovered', 'success', 'Security check passes again: Title of c'],
    ]);
  });

  it('treats unknown as no news: losing a source is silent, a first reading of a problem is not', () => {
    const changes = diffSnapshots(
      snap({ a: 'fail', b: 'pass', c: 'unknown', d: 'unknown' }),
      snap({ a: 'unknown', b: 'unknown', c: 'pass', d: 'warn', e: 'fail' }),
    );
    expect(changes.map((c) => [c.kind, c.kind === 'new_listener' ? '' : c.check.id])).toEqual([
      ['worse', 'd'],
      ['worse', 'e'],
    ]);
  });

  it('notifies each new non-loopback listener once, by protocol, address and port', () => {
    const before = [tcp('0.0.0.0', 22, 'sshd'), tcp('::', 8000, 'node')];
    const after = [
      tcp('0.0.0.0', 22, 'sshd'),
      tcp('::', 8000, 'other-name'),
      tcp('127.0.0.1', 6379, 'redis-server'),
      tcp('::1', 9000),
      tcp('0.0.0.0', 3306, 'mariadbd'),
      tcp('2001:db8::1', 443),
      { protocol: 'udp', address: '0.0.0.0', port: 22, process: null } as Listener,
    ];
    const changes = diffSnapshots(snap({}, before), snap({}, after));
    expect(changes.map((c) => [c.kind, c.type, c.title, c.message])).toEqual([
      ['new_listener', 'warning', 'New listening port: TCP 3306', 'mariadbd listens on tcp 0.0.0.0:3306'],
      ['new_listener', 'warning', 'New listening port: TCP 443', 'An unknown process listens on tcp [2001:db8::1]:443'],
      ['new_listener', 'warning', 'New listening port: UDP 22', 'An unknown process listens on udp 0.0.0.0:22'],
    ]);
  });
});
