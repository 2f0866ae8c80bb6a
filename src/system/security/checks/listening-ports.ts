import { isLoopback } from '../ip-address.js';
import type { ListeningReading, OwnedListener } from '../listening.js';
import type { SecurityCheck } from '../types.js';
import { makeCheck } from './check.js';

export interface ExpectedServices {
  everystPid: number;
  everystPort: number;
  /** sshd's `Port` values (22 when unset); used only when the owning process cannot be read. */
  sshPorts: readonly number[];
}

const SSH_PROCESSES = new Set(['sshd', 'sshd-session']);

function isExpected(l: OwnedListener, expected: ExpectedServices): boolean {
  if (l.pid !== null) return l.pid === expected.everystPid || SSH_PROCESSES.has(l.process ?? '');
  return l.protocol === 'tcp' && (l.port === expected.everystPort || expected.sshPorts.includes(l.port));
}

const hostPort = (l: OwnedListener) => `${l.address.includes(':') ? `[${l.address}]` : l.address}:${l.port}`;
const describe = (l: OwnedListener) => `${l.protocol} ${hostPort(l)}${l.process ? ` (${l.process})` : ''}`;

/** pass: only Everyst and SSH listen beyond loopback; warn: other services do (never fail). */
export function checkListeningPorts(reading: ListeningReading, expected: ExpectedServices): SecurityCheck {
  if (reading.sources.length === 0) {
    return makeCheck('listening_ports', 'unknown', 'The socket tables in /proc/net could not be read', {
      sources: [],
    });
  }
  const exposed = reading.listeners.filter((l) => !isLoopback(l.address));
  const others = exposed.filter((l) => !isExpected(l, expected));
  const evidence = {
    sources: reading.sources,
    exposed: exposed.map((l) => ({ ...l, expected: !others.includes(l) })),
    others: others.map(describe),
    loopbackCount: reading.listeners.length - exposed.length,
  };
  if (others.length === 0) {
    return makeCheck('listening_ports', 'pass', 'Only Everyst and SSH listen on non-loopback addresses', evidence);
  }
  const n = others.length;
  return makeCheck(
    'listening_ports',
    'warn',
    `${n} other service${n === 1 ? '' : 's'} listen${n === 1 ? 's' : ''} on non-loopback addresses`,
    evidence,
  );
}
