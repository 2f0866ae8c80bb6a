#!/usr/bin/env node
// Runs the compiled CLI when it exists (npm start builds it); otherwise the TypeScript sources through tsx.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { memoryTunedLaunch } from './memory-tuning.js';

const relaunch = memoryTunedLaunch(process);
if (relaunch) process.execve(...relaunch);

const compiled = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (existsSync(compiled) && !process.env.EVERYST_FROM_SOURCE) {
  await import(pathToFileURL(compiled).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
