import { connect } from 'node:net';
import { mapLimit } from './concurrency.js';

export const TCP_PROBE_PORTS: readonly number[] = [22, 80, 443, 445, 3389];

/** True when a connection to host:port completes or is refused (both prove the host is up). */
export function tcpAnswers(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs, signal });
    const finish = (up: boolean) => {
      socket.destroy();
      resolve(up);
    };
    socket.once('connect', () => finish(true));
    socket.once('timeout', () => finish(false));
    socket.once('error', (error: NodeJS.ErrnoException) => finish(error.code === 'ECONNREFUSED'));
  });
}

export interface TcpProbeOptions {
  ports?: readonly number[];
  timeoutMs?: number;
  concurrency?: number;
  signal?: AbortSignal;
}

/** §5.1 step 3, for networks that are not directly attached: the addresses that answered on any port. */
export async function tcpProbe(addresses: readonly string[], options: TcpProbeOptions = {}): Promise<Set<string>> {
  const { ports = TCP_PROBE_PORTS, timeoutMs = 1000, concurrency = 64, signal } = options;
  const up = new Set<string>();
  await mapLimit(addresses, concurrency, async (address) => {
    const answers = await Promise.all(ports.map((port) => tcpAnswers(address, port, timeoutMs, signal)));
    if (answers.some(Boolean)) up.add(address);
  }, signal);
  return up;
}
