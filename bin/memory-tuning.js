// The long-running commands (`serve`, the default, `worker` and `agent`) keep a much smaller resident set with two settings
// that only take effect when the process starts: a 4 MB young-generation semi-space (V8 lets it grow to 32 MB, and
// under load the young generation alone then holds ~100 MB) and at most two malloc arenas (glibc makes one per
// thread that allocates, and keeps their pages). So the process replaces itself once (process.execve: same pid, no
// parent left behind) with both set. A semi-space size or MALLOC_ARENA_MAX the user gave is left as given;
// EVERYST_MEMORY_TUNING=0 turns it off.
const LONG_RUNNING = new Set(['serve', 'worker', 'agent']);
export const SEMI_SPACE_FLAG = '--max-semi-space-size=4';
export const MALLOC_ARENAS = '2';

/** The execve arguments for the tuned process, or null when it runs as it is. */
export function memoryTunedLaunch(proc) {
  const command = proc.argv[2] ?? 'serve';
  if (!LONG_RUNNING.has(command) || proc.env.EVERYST_MEMORY_TUNING === '0' || proc.env.EVERYST_MEMORY_TUNED) return null;
  if (proc.platform !== 'linux' || typeof proc.execve !== 'function') return null;
  const nodeFlags = [...proc.execArgv, ...(proc.env.NODE_OPTIONS ?? '').split(/\s+/)];
  const semiSpaceGiven = nodeFlags.some((f) => /^--(max|min)[-_]semi[-_]space[-_]size/.test(f));
  const env = { ...proc.env, EVERYST_MEMORY_TUNED: '1', MALLOC_ARENA_MAX: proc.env.MALLOC_ARENA_MAX ?? MALLOC_ARENAS };
  const args = [proc.execPath, ...(semiSpaceGiven ? [] : [SEMI_SPACE_FLAG]), ...proc.execArgv, ...proc.argv.slice(1)];
  return [proc.execPath, args, env];
}
