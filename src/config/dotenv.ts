import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';

/** The variables of a `.env` file (Node's own parser), or none when the file is missing. */
export function readDotenv(path: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return {};
  }
  return parseEnv(text) as Record<string, string>;
}
