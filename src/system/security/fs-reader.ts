import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { readFile, readdir, readlink } from 'node:fs/promises';
import type { FileReader } from './types.js';

/**
 * /proc and /sys are generated in memory and never wait on a disk, so they are read synchronously:
 * a snapshot makes hundreds of /proc/<pid>/fd lookups, and the thread-pool round trip of fs/promises
 * cost about three times the CPU of the reads themselves (measured: 23 ms against 7 ms).
 */
const isPseudo = (path: string) => /^\/(proc|sys)(\/|$)/.test(path);

function orNull<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}

/** The real host: every failure (missing, not permitted, not a file) reads as null. */
export function createFsReader(): FileReader {
  return {
    readFile: async (path) =>
      isPseudo(path) ? orNull(() => readFileSync(path, 'utf8')) : readFile(path, 'utf8').catch(() => null),
    readDir: async (path) =>
      isPseudo(path) ? orNull(() => readdirSync(path)) : readdir(path).catch(() => null),
    readLink: async (path) =>
      isPseudo(path) ? orNull(() => readlinkSync(path)) : readlink(path).catch(() => null),
  };
}
