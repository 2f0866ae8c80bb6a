import { execFileSync } from 'node:child_process';
import { findBinary } from '../network/binaries.js';

let setprivPath: string | null | undefined;

/** setpriv from util-linux, when it is installed and knows --pdeathsig (util-linux 2.33 and later). */
function setpriv(): string | null {
  if (setprivPath !== undefined) return setprivPath;
  const path = findBinary('setpriv');
  setprivPath = null;
  if (path) {
    try {
      const help = execFileSync(path, ['--help'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000 });
      if (help.includes('--pdeathsig')) setprivPath = path;
    } catch {
      // an unusable setpriv: children are then covered by the exit handler and the record only
    }
  }
  return setprivPath;
}

/**
 * Starts `command` so that the kernel sends it SIGKILL when the thread that started it dies, however that
 * happens (kill -9 included). setpriv sets the parent-death signal and then execs the program in place, so
 * the program keeps its pid, its process group and the argv it was given; `--` ends setpriv's options, so
 * no argument can become one of them. The signal is tied to the thread that forked: node forks from its main
 * thread, whose death is the death of the process.
 *
 * The kernel clears the signal when the program gains privileges on exec (a non-root server running ping or
 * fping with file capabilities); the child record (children.ts) covers that case at the next start.
 */
export function withParentDeathSignal(command: string, args: readonly string[]): { command: string; args: string[] } {
  const wrapper = setpriv();
  if (!wrapper) return { command, args: [...args] };
  return { command: wrapper, args: ['--pdeathsig', 'KILL', '--', command, ...args] };
}
