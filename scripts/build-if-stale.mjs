#!/usr/bin/env node
// `npm start` runs this first: it builds the server (dist/) and the dashboard (web/dist/) only when one is missing
// or older than its sources, so a built tree starts at once and a fresh clone builds once.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const PARTS = [
  { name: 'server', output: 'dist/cli.js', sources: ['src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'], script: 'build:server' },
  { name: 'dashboard', output: 'web/dist/.vite/manifest.json', sources: ['web/src', 'web/public', 'web/index.html', 'web/vite.config.ts', 'web/tsconfig.json', 'package-lock.json'], script: 'build:web' },
];

function newest(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  return Math.max(info.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** The parts of the build under `root` that are missing or older than one of their sources. */
export function staleParts(root) {
  return PARTS.filter(({ output, sources }) => {
    const built = join(root, output);
    if (!existsSync(built)) return true;
    const present = sources.map((s) => join(root, s)).filter((p) => existsSync(p));
    return Math.max(...present.map(newest)) > statSync(built).mtimeMs;
  });
}

if (resolve(process.argv[1] ?? '') === fileURLToPath(import.meta.url)) {
  const root = resolve(fileURLToPath(import.meta.url), '..', '..');
  const stale = staleParts(root);
  if (stale.length === 0) console.log('everyst: the build is up to date');
  for (const part of stale) {
    console.log(`everyst: building the ${part.name}`);
    const npm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];
    const run = spawnSync(npm[0], [...npm[1], 'run', '--silent', part.script], { cwd: root, stdio: 'inherit' });
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
}
