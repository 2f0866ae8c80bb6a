import { ensureDashboardBuilt } from '../../../web/build.js';
import { createTestApp, type TestApp } from '../../helpers/app.js';

export interface RunningServer { t: TestApp; url: string; close(): Promise<void> }

/** The real app with the built-in dashboard, listening on an ephemeral loopback port. */
export async function startServer(env: Record<string, string> = {}): Promise<RunningServer> {
  await ensureDashboardBuilt();
  const t = await createTestApp('sqlite', { API_PORT: '0', API_HOST: '127.0.0.1', ...env });
  const port = await t.app.listen();
  return { t, url: `http://127.0.0.1:${port}`, close: () => t.close() };
}
