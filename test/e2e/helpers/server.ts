import { rmSync } from 'node:fs';
import pino from 'pino';
import { buildApp } from '../../../src/app.js';
import { ensureDashboardBuilt } from '../../../web/build.js';
import { createTestApp, testConfig, type TestApp } from '../../helpers/app.js';
import { TestClock } from '../../network/clocked-app.js';

export interface RunningServer { t: TestApp; url: string; close(): Promise<void> }

/** The real app with the built-in dashboard, listening on an ephemeral loopback port. */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  await ensureDashboardBuilt();
  const t = await createTestApp('sqlite', { API_PORT: '0', API_HOST: '127.0.0.1', ...env });
  const port = await t.app.listen();
  return { t, url: `http://127.0.0.1:${port}`, close: () => t.close() };
}

/** A running server whose scan schedules read `clock` (moved on by the test) and are looked for every 100 ms. */
export interface ClockedServer extends RunningServer { clock: TestClock }

export async function startClockedServer(env: Record<string, string> = {}): Promise<ClockedServer> {
  await ensureDashboardBuilt();
  const { config, dataDir } = testConfig({ API_PORT: '0', API_HOST: '127.0.0.1', ...env });
  const clock = new TestClock();
  const app = await buildApp(config, { logger: pino({ level: 'silent' }), scanSchedules: { clock: clock.now, checkEveryMs: 100 } });
  const port = await app.listen();
  const close = async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { t: { app, config, dataDir, close }, url: `http://127.0.0.1:${port}`, clock, close };
}
