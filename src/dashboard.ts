import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from './config/config.js';

/** The built-in dashboard's build output, served at `/` when EVERYST_WEB_ROOT is unset (null until built). */
export function builtInDashboard(): string | null {
  const dir = join(PROJECT_ROOT, 'web', 'dist');
  return existsSync(join(dir, 'index.html')) ? dir : null;
}
