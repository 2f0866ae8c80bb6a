import type { FileReader } from './types.js';

export interface SocketOwner {
  pid: number;
  process: string | null;
}

const SOCKET_LINK = /^socket:\[(\d+)\]$/;
/**
 * fd links of another user's process (or under a hardened /proc) fail one after another; a closed
 * descriptor fails alone. Giving up after a few failures in a row skips the former cheaply.
 */
const MAX_FAILURES_IN_A_ROW = 3;

/**
 * Finds which process holds each socket inode by reading the /proc/<pid>/fd links, in ascending pid
 * order so that a socket shared by several processes (pre-forked workers) goes to the lowest pid.
 * Processes whose descriptors cannot be read are skipped; their sockets stay without an owner.
 */
export async function findSocketOwners(
  reader: FileReader,
  inodes: ReadonlySet<number>,
): Promise<Map<number, SocketOwner>> {
  const pidOf = new Map<number, number>();
  const pids = ((await reader.readDir('/proc')) ?? [])
    .filter((name) => /^\d+$/.test(name))
    .map(Number)
    .sort((a, b) => a - b);

  for (const pid of pids) {
    if (pidOf.size === inodes.size) break;
    const fds = await reader.readDir(`/proc/${pid}/fd`);
    let failures = 0;
    for (const fd of fds ?? []) {
      const target = await reader.readLink(`/proc/${pid}/fd/${fd}`);
      if (target === null) {
        if (++failures === MAX_FAILURES_IN_A_ROW) break;
        continue;
      }
      failures = 0;
      const match = SOCKET_LINK.exec(target);
      const inode = match ? Number(match[1]) : NaN;
      if (inodes.has(inode) && !pidOf.has(inode)) pidOf.set(inode, pid);
    }
  }

  const owners = new Map<number, SocketOwner>();
  const names = new Map<number, string | null>();
  for (const [inode, pid] of pidOf) {
    if (!names.has(pid)) names.set(pid, await programName(reader, pid));
    owners.set(inode, { pid, process: names.get(pid) ?? null });
  }
  return owners;
}

/** Thread names that Node.js 24 gives its main thread, and so to `comm` of every Node.js process that sets no title. */
const RUNTIME_THREAD_NAMES = new Set(['MainThread', 'node-MainThread']);

/** The process's command name (a title it set itself shows), or its program's file name where a runtime renamed it. */
async function programName(reader: FileReader, pid: number): Promise<string | null> {
  const comm = (await reader.readFile(`/proc/${pid}/comm`))?.trim() || null;
  if (!comm || !RUNTIME_THREAD_NAMES.has(comm)) return comm;
  const exe = await reader.readLink(`/proc/${pid}/exe`);
  return exe?.replace(/ \(deleted\)$/, '').split('/').pop() || comm;
}
