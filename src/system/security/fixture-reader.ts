import type { FileReader } from './types.js';

export interface FixtureTree {
  /** Absolute path → content. Parent directories exist implicitly. */
  files?: Record<string, string>;
  /** Absolute path → link target (for /proc/<pid>/fd/<n>); null: listed but the link cannot be read. */
  links?: Record<string, string | null>;
  /** Directories that exist but cannot be listed (like another user's /proc/<pid>/fd). */
  unreadableDirs?: string[];
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/** An in-memory host for tests: the same answers a real one gives, from a plain object. */
export function createFixtureReader(tree: FixtureTree): FileReader {
  const files = new Map(Object.entries(tree.files ?? {}));
  const links = new Map(Object.entries(tree.links ?? {}));
  const unreadable = new Set(tree.unreadableDirs ?? []);
  const dirs = new Map<string, Set<string>>();
  const add = (path: string) => {
    let child = path;
    while (child !== '/') {
      const parent = parentOf(child);
      const entries = dirs.get(parent) ?? new Set<string>();
      entries.add(child.slice(parent === '/' ? 1 : parent.length + 1));
      dirs.set(parent, entries);
      child = parent;
    }
  };
  for (const path of [...files.keys(), ...links.keys(), ...unreadable]) add(path);
  for (const path of unreadable) dirs.delete(path);

  return {
    readFile: async (path) => files.get(path) ?? null,
    readDir: async (path) => {
      if (unreadable.has(path)) return null;
      const entries = dirs.get(path);
      return entries ? [...entries].sort() : null;
    },
    readLink: async (path) => links.get(path) ?? null,
  };
}
