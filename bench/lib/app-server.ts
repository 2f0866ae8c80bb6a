/**
 * Child process entry: the real app with an ephemeral port, SQLite in the data directory it is given, configured by
 * the settings it is given (servers.ts adds the benchmark defaults); prints `PORT <n>` and stops on SIGTERM or when
 * its stdin ends. It runs the build in dist/ when that is newer than every file of src/, else src/.
 * Arguments: <data dir> <JSON of extra env settings> [module exporting `instrument(app)`, run before listen].
 * Started by servers.ts `startApp`.
 */
import { pathToFileURL } from 'node:url';
import type { App } from '../../src/app.js';
import type { Config } from '../../src/config/config.js';
import { appModule, codeSource } from './built.js';

type AppModule = { buildApp: (config: Config) => Promise<App> };
type ConfigModule = { loadConfig: (env: Record<string, string>, opts: { dotenv: boolean }) => Config };

const { buildApp } = await appModule<AppModule>('app');
const { loadConfig } = await appModule<ConfigModule>('config/config');

const [dataDir, extraJson = '{}', instrumentModule] = process.argv.slice(2);
const config = loadConfig({
  EVERYST_DATA_DIR: dataDir, API_PORT: '0',
  ...(JSON.parse(extraJson) as Record<string, string>),
}, { dotenv: false });
const app = await buildApp(config);
if (instrumentModule) {
  const mod = (await import(pathToFileURL(instrumentModule).href)) as { instrument: (app: App) => void | Promise<void> };
  await mod.instrument(app);
}
const port = await app.listen();
const stop = () => void app.close().finally(() => process.exit(0));
process.on('SIGTERM', stop);
// The parent holds our stdin open: when it ends (even by a crash) this server stops too.
process.stdin.on('end', stop).resume();
process.stdout.write(`PORT ${port} ${codeSource}\n`);
