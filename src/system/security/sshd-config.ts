import { expandGlob } from './glob.js';
import type { FileReader } from './types.js';

export interface SshdSetting {
  value: string;
  file: string;
  line: number;
}

export interface ConditionalSetting extends SshdSetting {
  keyword: string;
  match: string;
}

export interface SshdConfig {
  /** Every file read, in the order sshd reads them. */
  files: string[];
  /** Global settings: lower-case keyword → first value obtained (sshd's rule). */
  settings: Map<string, SshdSetting>;
  /** `Port` lines accumulate instead of first-match; empty means the default 22. */
  ports: number[];
  /** Settings inside `Match` blocks, which apply only to some connections. */
  conditional: ConditionalSetting[];
}

export const SSHD_CONFIG = '/etc/ssh/sshd_config';
const SSH_DIR = '/etc/ssh';
/** sshd's own Include depth limit (servconf.c SERVCONF_MAX_DEPTH). */
const MAX_DEPTH = 16;

function splitLine(raw: string): { keyword: string; args: string[] } | null {
  const line = raw.trim();
  if (line === '' || line.startsWith('#')) return null;
  const m = /^([^\s=]+)(?:\s*=\s*|\s+)?(.*)$/.exec(line);
  if (!m) return null;
  const args = [...m[2].matchAll(/"([^"]*)"|(\S+)/g)].map((a) => a[1] ?? a[2]);
  return { keyword: m[1].toLowerCase(), args };
}

/**
 * Reads sshd_config as sshd does: `Include` files are read in place (glob matches sorted, relative
 * paths under /etc/ssh), the first value of a keyword wins, and a `Match` block lasts until the next
 * `Match` or the end of the file it is in. Returns null when the main file cannot be read.
 */
export async function readSshdConfig(reader: FileReader, path = SSHD_CONFIG): Promise<SshdConfig | null> {
  const main = await reader.readFile(path);
  if (main === null) return null;
  const config: SshdConfig = { files: [], settings: new Map(), ports: [], conditional: [] };

  async function parse(file: string, text: string, inheritedMatch: string | null, depth: number): Promise<void> {
    config.files.push(file);
    let match = inheritedMatch;
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const parsed = splitLine(lines[i]);
      if (!parsed) continue;
      const { keyword, args } = parsed;
      if (keyword === 'match') {
        const criteria = args.join(' ');
        match = criteria.toLowerCase() === 'all' ? inheritedMatch : criteria;
        continue;
      }
      if (keyword === 'include') {
        if (depth >= MAX_DEPTH) continue;
        for (const pattern of args) {
          const absolute = pattern.startsWith('/') ? pattern : `${SSH_DIR}/${pattern}`;
          for (const included of await expandGlob(reader, absolute)) {
            const content = await reader.readFile(included);
            if (content !== null) await parse(included, content, match, depth + 1);
          }
        }
        continue;
      }
      const setting = { value: args[0] ?? '', file, line: i + 1 };
      if (match !== null) config.conditional.push({ ...setting, keyword, match });
      else if (keyword === 'port') {
        const port = Number(setting.value);
        if (Number.isInteger(port) && port > 0 && port < 65536) config.ports.push(port);
      } else if (!config.settings.has(keyword)) config.settings.set(keyword, setting);
    }
  }

  await parse(path, main, null, 0);
  return config;
}
