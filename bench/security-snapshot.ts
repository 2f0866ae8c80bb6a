/**
 * CPU time of one full host security snapshot on this machine (security.md §1), averaged over RUNS
 * after a warm-up. Target: ≤ 20 ms. Run: node --import tsx bench/security-snapshot.ts
 */
import { createFsReader } from '../src/system/security/fs-reader.js';
import { takeSnapshot } from '../src/system/security/snapshot.js';
import type { SecurityContext } from '../src/system/security/types.js';

const RUNS = 50;
const WARM_UP = 5;
const TARGET_MS = 20;

const context: SecurityContext = {
  apiHost: '::',
  apiPort: 8000,
  everystPid: process.pid,
  tlsEnabled: false,
  trustProxy: false,
  debug: false,
  corsAllowAllOrigins: false,
  corsAllowedOrigins: [],
  failedLogins24h: 0,
  activeLockouts: 0,
  adminAccounts: [],
};

const reader = createFsReader();
for (let i = 0; i < WARM_UP; i++) await takeSnapshot(reader, context);

const started = process.cpuUsage();
const wallStart = performance.now();
let listeners = 0;
for (let i = 0; i < RUNS; i++) listeners = (await takeSnapshot(reader, context)).listening.length;
const cpu = process.cpuUsage(started);
const cpuMs = (cpu.user + cpu.system) / 1000 / RUNS;
const wallMs = (performance.now() - wallStart) / RUNS;

console.log(
  `security-snapshot: ${cpuMs.toFixed(2)} ms CPU per snapshot (user ${(cpu.user / 1000 / RUNS).toFixed(2)}, ` +
    `system ${(cpu.system / 1000 / RUNS).toFixed(2)}), ${wallMs.toFixed(2)} ms wall, ${listeners} listeners, ` +
    `${RUNS} runs, target ≤ ${TARGET_MS} ms: ${cpuMs <= TARGET_MS ? 'ok' : 'OVER'}`,
);
