import { readFileSync } from 'node:fs';
import { ConfigError, Reader } from './config.js';
import { ConfigProblem, parseInteger, parseNumber } from './parsers.js';

/** What `everyst agent` reads (docs/configuration.md, AGENT_*): nothing of the server's settings. */
export interface AgentConfig {
  intervalSeconds: number;
  bufferSeconds: number;
  /** PEM of the CA that signed the server's certificate (https:// servers with a private CA). */
  caFile: string | null;
  ca: string | null;
}

function readableCa(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigProblem('not a readable file', 'the path of a PEM file with the CA certificate(s)');
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigProblem('not a PEM certificate', 'the path of a PEM file with the CA certificate(s)');
  return text;
}

/** Reads the agent's variables; throws ConfigError naming each bad one. `caFile` from `--ca-file` wins over AGENT_CA_FILE. */
export function loadAgentConfig(env: Record<string, string | undefined> = process.env, caFile?: string): AgentConfig {
  const r = new Reader(env);
  const intervalSeconds = r.get('AGENT_INTERVAL_S', (v) => parseNumber(v, 0.1, 3600), 1);
  const bufferSeconds = r.get('AGENT_BUFFER_S', parseInteger(0, 86_400), 300);
  const caPath = caFile ?? r.raw('AGENT_CA_FILE') ?? null;
  let ca: string | null = null;
  if (caPath) {
    try {
      ca = readableCa(caPath);
    } catch (e) {
      r.fail(caFile ? '--ca-file' : 'AGENT_CA_FILE', e);
    }
  }
  if (r.problems.length) throw new ConfigError(r.problems);
  return { intervalSeconds, bufferSeconds, caFile: caPath, ca };
}
