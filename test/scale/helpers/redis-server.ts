import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { sleep } from './environment.js';

import { freePort } from '../../helpers/ports.js';

export { freePort };

export interface TestRedis {
  port: number;
  /** SIGKILL: Redis vanishes at once, as in a crash. */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty: it saves nothing). */
  restart(): Promise<void>;
  client(): Redis;
  stop(): Promise<void>;
}

/** A private redis-server on loopback, persisting nothing, that a test may kill and restart. */
export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const clients: Redis[] = [];
  const launch = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    const probe = new Redis({ host: '127.0.0.1', port, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    probe.on('error', () => undefined);
    for (let i = 0; i < 100; i++) {
      try {
        await probe.connect();
        await probe.ping();
        probe.disconnect();
        return;
      } catch {
        await sleep(50);
      }
    }
    throw new Error(`redis-server on port ${port} did not start`);
  };
  const kill = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGKILL');
    await exited;
  };
  await launch();
  return {
    port,
    kill,
    restart: launch,
    client() {
      const client = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1 });
      client.on('error', () => undefined);
      clients.push(client);
      return client;
    },
    async stop() {
      for (const client of clients) client.disconnect();
      await kill();
    },
  };
}
