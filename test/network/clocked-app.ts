import { rmSync } from 'node:fs';
import pino from 'pino';
import { buildApp, type App } from '../../src/app.js';
import type { Config } from '../../src/config/config.js';
import { testConfig } from '../helpers/app.js';
import { createPostgresSchema, type DbKind } from '../helpers/databases.js';

/** The time scan schedules read: the real clock, moved on by the test (scans themselves keep real time). */
export class TestClock {
  private offsetMs = 0;
  readonly now = (): Date => new Date(Date.now() + this.offsetMs);
  advance(minutes: number): void {
    this.offsetMs += minutes * 60_000;
  }
}

/**
 * Apps on one database that outlives them (a restart keeps the schedules), whose schedule job looks for due
 * schedules every 100 ms and reads `clock`.
 */
export interface ClockedApps {
  config: Config;
  clock: TestClock;
  start(env?: Record<string, string>): Promise<App>;
  cleanup(): Promise<void>;
}

export async function clockedApps(kind: DbKind, env: Record<string, string>): Promise<ClockedApps> {
  const schema = kind === 'postgres' ? await createPostgresSchema() : null;
  const base = { API_PORT: '0', API_HOST: '127.0.0.1', ...(schema ? { DATABASE_URL: schema.url } : {}), ...env };
  const { config, dataDir } = testConfig(base);
  const clock = new TestClock();
  return {
    config,
    clock,
    async start(more = {}) {
      let startConfig = config;
      if (Object.keys(more).length > 0) {
        const other = testConfig({ ...base, EVERYST_DATA_DIR: dataDir, ...more });
        rmSync(other.dataDir, { recursive: true, force: true });
        startConfig = other.config;
      }
      const app = await buildApp(startConfig, { logger: pino({ level: 'silent' }), scanSchedules: { clock: clock.now, checkEveryMs: 100 } });
      await app.listen();
      return app;
    },
    async cleanup() {
      await schema?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
