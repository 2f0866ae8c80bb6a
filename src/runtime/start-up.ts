import { setFlagsFromString } from 'node:v8';

/**
 * How V8 treats the process while it starts and until it has work to do. Start-up runs most of its code once
 * (loading modules, migrations, registering routes), yet V8 answers it the way it answers a hot loop:
 * - its compilers (Sparkplug, TurboFan) compile the functions start-up calls many times; that code, the compilers'
 *   own pages and their native allocations stay resident (~11 MB of an idle server) and none of it serves a
 *   request. Code is only interpreted until `startUpDone`: for a server its first client (main.ts), since until
 *   then it runs only its few light periodic jobs; for a worker, once its code is loaded.
 * - start-up keeps most of what it allocates, and V8 answers such survival rates by growing the young generation
 *   to 32 MB, which an idle server then holds for a long while. It stays at its initial size until
 *   `startUpDone`, so a server under load sizes it as always.
 * What the user set on Node's command line or in NODE_OPTIONS is left as given.
 */

// Turning a compiler off is a flag of its own: V8 derives these from --max-opt once and never back.
const COMPILER_FLAGS = ['turbofan', 'sparkplug'];
const USER_COMPILER_FLAGS = [...COMPILER_FLAGS, 'opt', 'max-opt', 'jitless', 'maglev'];
const GROWTH_FLAG = 'semi-space-growth-factor';
const V8_DEFAULT_GROWTH_FACTOR = 2;

const userFlags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)]
  .filter((a) => a.startsWith('--'))
  .map((a) => a.slice(2).replace(/_/g, '-').replace(/^no-/, '').replace(/=.*/, ''));
const userSetCompilers = USER_COMPILER_FLAGS.some((f) => userFlags.includes(f));
const userSetGrowth = userFlags.includes(GROWTH_FLAG);

function setCompilers(on: boolean): void {
  if (!userSetCompilers) setFlagsFromString(COMPILER_FLAGS.map((f) => `--${on ? '' : 'no-'}${f}`).join(' '));
}

function setGrowthFactor(factor: number): void {
  if (!userSetGrowth) setFlagsFromString(`--${GROWTH_FLAG}=${factor}`);
}

/** Called by the CLI before it loads the rest of the program. */
export function enterStartUp(): void {
  setCompilers(false);
  setGrowthFactor(1);
}

/** The process has work to do: hot code is compiled and the young generation sized as usual. */
export function startUpDone(): void {
  setCompilers(true);
  setGrowthFactor(V8_DEFAULT_GROWTH_FACTOR);
}
