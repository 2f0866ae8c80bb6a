import { resolve } from 'node:path';
import { ConfigProblem } from './parsers.js';

export type DatabaseConfig =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; url: string; host: string; database: string };

const EXPECTED = 'postgres://user:password@host:port/database, sqlite:<path> or sqlite::memory:';

export function parseDatabaseUrl(raw: string): DatabaseConfig {
  if (raw === 'sqlite::memory:') return { kind: 'sqlite', path: ':memory:' };
  if (raw.startsWith('sqlite:')) {
    const path = raw.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!path) throw new ConfigProblem('no path after sqlite:', EXPECTED);
    return { kind: 'sqlite', path: resolve(path) };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigProblem('not parseable', EXPECTED);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigProblem(`unsupported scheme "${url.protocol.replace(/:$/, '')}"`, EXPECTED);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!url.hostname || !database) throw new ConfigProblem('missing host or database name', EXPECTED);
  return { kind: 'postgres', url: raw, host: url.hostname, database };
}

/** The URL with its password replaced, for logs and error messages. */
export function maskDatabaseUrl(db: DatabaseConfig): string {
  if (db.kind === 'sqlite') return `sqlite:${db.path}`;
  try {
    const url = new URL(db.url);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return 'postgres://***';
  }
}
