import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import { createPostgresSchema, type DbKind } from './databases.js';

export interface TestApp {
  app: App;
  config: Config;
  dataDir: string;
  close(): Promise<void>;
}

export const TEST_SECRET = 'test-secret-key-0123456789abcdef0123456789abcdef';

/** Configuration as the server would read it, with a temporary data directory and no `.env`. */
export function testConfig(env: Record<string, string> = {}): { config: Config; dataDir: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'everyst-test-'));
  const config = loadConfig(
    { EVERYST_DATA_DIR: dataDir, SECRET_KEY: TEST_SECRET, LOG_LEVEL: 'silent', SCAN_ALLOWED_NETWORKS: '127.0.0.0/8', SCAN_RESOLVE_NAMES: 'false', ...env },
    { dotenv: false },
  );
  return { config, dataDir };
}

/** The real app on a fresh database: a SQLite file, or a fresh PostgreSQL schema. */
export async function createTestApp(kind: DbKind = 'sqlite', env: Record<string, string> = {}): Promise<TestApp> {
  const pgSchema = kind === 'postgres' ? await createPostgresSchema() : null;
  const { config, dataDir } = testConfig({ ...(pgSchema ? { DATABASE_URL: pgSchema.url } : {}), ...env });
  const app = await buildApp(config, { logger: pino({ level: 'silent' }) });
  return {
    app,
    config,
    dataDir,
    async close() {
      await app.close();
      await pgSchema?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
