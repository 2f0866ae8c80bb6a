/** `npm run bench`: builds once, then runs every benchmark file of bench/ in its own process, one after another. */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
const only = process.argv.slice(2);
const files = readdirSync(resolve(root, 'bench')).filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o))).sort();
let failed = 0;
for (const file of files) {
  console.log(`\n== ${file}`);
  const res = spawnSync(process.execPath, ['--import', 'tsx', resolve(root, 'bench', file)], { cwd: root, stdio: 'inherit', timeout: 10 * 60_000 });
  if (res.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
