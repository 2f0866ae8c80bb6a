/**
 * Size of the JavaScript the built-in dashboard's first load transfers: the entry chunk of web/dist/index.html
 * and every chunk it imports statically (from the Vite manifest), gzipped. Budget: ≤ 300 KB gzipped.
 * Builds the dashboard first when it is missing or stale.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST_DIR, ensureDashboardBuilt, MANIFEST } from '../web/build.js';

const BUDGET_KB = 300;

interface ManifestChunk { file: string; isEntry?: boolean; imports?: string[]; css?: string[] }

/** The manifest keys of the entry and of its static imports, transitively (dynamic imports load later). */
function firstLoadChunks(manifest: Record<string, ManifestChunk>, entryFile: string): string[] {
  const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry && manifest[key].file === entryFile);
  if (!entryKey) throw new Error(`${entryFile} is not an entry of ${MANIFEST}`);
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const next of manifest[key]?.imports ?? []) visit(next);
  };
  visit(entryKey);
  return [...seen];
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

export async function run(): Promise<boolean> {
  const built = await ensureDashboardBuilt();
  const html = readFileSync(join(DIST_DIR, 'index.html'), 'utf8');
  const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, ManifestChunk>;
  const entries = [...html.matchAll(/<script[^>]*type="module"[^>]*src="\/?([^"]+)"/g)].map((m) => m[1]);
  const preloads = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="\/?([^"]+)"/g)].map((m) => m[1]);
  const files = new Set<string>(preloads);
  const css = new Set<string>();
  for (const entry of entries) {
    for (const key of firstLoadChunks(manifest, entry)) {
      files.add(manifest[key].file);
      for (const sheet of manifest[key].css ?? []) css.add(sheet);
    }
  }
  let raw = 0;
  let gzipped = 0;
  for (const file of files) {
    const bytes = readFileSync(join(DIST_DIR, file));
    raw += bytes.length;
    gzipped += gzipSync(bytes).length;
  }
  const cssGzipped = [...css].reduce((sum, file) => sum + gzipSync(readFileSync(join(DIST_DIR, file))).length, 0);
  const ok = gzipped <= BUDGET_KB * 1024;
  console.log(`dashboard-size: ${built ? 'built web/dist; ' : ''}first-load JS ${files.size} file(s), ${kb(raw)} raw, ${kb(gzipped)} gzipped ` +
    `(budget ≤ ${BUDGET_KB} KB gzipped) → ${ok ? 'within budget' : 'OVER BUDGET'}; CSS ${kb(cssGzipped)} gzipped`);
  return ok;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = (await run()) ? 0 : 1;
