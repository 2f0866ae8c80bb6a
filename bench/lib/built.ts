/**
 * The app's own code as production runs it: the build in dist/ (what `npm start` runs; `npm run bench` builds it
 * first) when it is newer than every file of src/, else src/ through tsx, whose transpiled output (a name helper
 * call per function, among others) costs measurably more CPU.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(import.meta.dirname, '..', '..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

const built = join(root, 'dist', 'app.js');
/** Which code the benchmark runs. */
export const codeSource: 'dist' | 'src' = existsSync(built) && statSync(built).mtimeMs >= newestMtime(join(root, 'src')) ? 'dist' : 'src';

/** Imports a module of the app by its path under src/ without extension, e.g. `system/metrics/collector`. */
export async function appModule<T>(path: string): Promise<T> {
  const file = join(root, codeSource, `${path}.${codeSource === 'dist' ? 'js' : 'ts'}`);
  return (await import(pathToFileURL(file).href)) as T;
}
