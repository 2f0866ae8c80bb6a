import type { FileReader } from './types.js';

const MAGIC = /[*?[]/;

/** fnmatch-style component pattern: `*`, `?`, `[…]`; a leading dot is never matched by a wildcard. */
function componentRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) {
        source += '\\[';
        continue;
      }
      const body = pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
      source += `[${body}]`;
      i = end;
    } else source += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Expands an absolute glob pattern to the matching paths, sorted, as glob(3) does for sshd's Include. */
export async function expandGlob(reader: FileReader, pattern: string): Promise<string[]> {
  if (!MAGIC.test(pattern)) return [pattern];
  let bases = [''];
  const parts = pattern.split('/').filter((p) => p !== '');
  for (const part of parts) {
    if (!MAGIC.test(part)) {
      bases = bases.map((b) => `${b}/${part}`);
      continue;
    }
    const re = componentRegExp(part);
    const next: string[] = [];
    for (const base of bases) {
      const entries = await reader.readDir(base === '' ? '/' : base);
      for (const name of entries ?? []) {
        if (name.startsWith('.') && !part.startsWith('.')) continue;
        if (re.test(name)) next.push(`${base}/${name}`);
      }
    }
    bases = next;
  }
  return bases.sort();
}
