import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { extractSpecTables, findSpecDir, SPEC_TABLES_FILE } from './spec-index.js';

/** Rewrites `spec-tables.json` from a specification folder: `npx tsx test/contract/update-spec-tables.ts [dir]`. */
const dir = process.argv[2] ? resolve(process.argv[2]) : findSpecDir();
if (!dir) {
  console.error('No specification folder: pass one, or set EVERYST_SPEC_DIR.');
  process.exit(1);
}
writeFileSync(SPEC_TABLES_FILE, `${JSON.stringify(extractSpecTables(dir), null, 2)}\n`);
console.log(`wrote ${SPEC_TABLES_FILE} from ${dir}`);
