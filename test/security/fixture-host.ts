import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFixtureReader, type FixtureTree } from '../../src/system/security/fixture-reader.js';
import type { FileReader } from '../../src/system/security/types.js';

export const FIXTURES = fileURLToPath(new URL('../fixtures/security/', import.meta.url));

/** Loads test/fixtures/security/<name>/ as a host: every file at /<its path>, links from tree.json. */
export async function loadFixtureHost(name: string): Promise<FileReader> {
  const root = join(FIXTURES, name);
  const tree = JSON.parse(await readFile(join(root, 'tree.json'), 'utf8')) as FixtureTree;
  const files: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name === 'tree.json') continue;
    const path = join(entry.parentPath, entry.name);
    files[`/${relative(root, path)}`] = await readFile(path, 'utf8');
  }
  return createFixtureReader({ ...tree, files });
}
