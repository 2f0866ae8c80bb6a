import { rmSync } from 'node:fs';
import pino from 'pino';
import { buildApp, type App } from '../../../src/app.js';
import { testConfig } from '../../helpers/app.js';
import { createPostgresSchema } from '../../helpers/databases.js';

export interface Instance { name: string; app: App; url: string; close(): Promise<void> }

export interface Cluster {
  instances: Instance[];
  databaseUrl: string;
  /** Builds and starts one more instance on the same database (e.g. while Redis is down). */
  add(name: string, env?: Record<string, string>): Promise<Instance>;
  close(): Promise<void>;
}

/**
 * API instances in this process, each a full app listening on its own loopback port, sharing one fresh
 * PostgreSQL schema and the given Redis (in-process is enough when nothing needs a SIGKILL).
 */
export async function startCluster(names: string[], env: Record<string, string>, databaseUrl?: string): Promise<Cluster> {
  const schema = databaseUrl ? null : await createPostgresSchema();
  const url = databaseUrl ?? schema!.url;
  const instances: Instance[] = [];
  const add = async (name: string, extra: Record<string, string> = {}) => {
    const { config, dataDir } = testConfig({
      DATABASE_URL: url, EVERYST_INSTANCE_NAME: name, API_HOST: '127.0.0.1', API_PORT: '0', SECURITY_CHECK_MINUTES: '0', ...env, ...extra,
    });
    const app = await buildApp(config, { logger: pino({ level: 'silent' }) });
    const port = await app.listen();
    const instance: Instance = {
      name, app, url: `http://127.0.0.1:${port}`,
      async close() {
        await app.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
    instances.push(instance);
    return instance;
  };
  for (const name of names) await add(name);
  return {
    instances,
    databaseUrl: url,
    add,
    async close() {
      await Promise.allSettled(instances.map((i) => i.close()));
      await schema?.drop();
    },
  };
}
