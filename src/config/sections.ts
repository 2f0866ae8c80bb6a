import { readFileSync } from 'node:fs';
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { ConfigProblem, parseEnum, parseHost, parseInteger, parseList, parseNumber, isEmail } from './parsers.js';
import type { Config, Reader } from './config.js';

const SMTP_SECURITY = ['starttls', 'tls', 'none'] as const;

/** Readers for the settings that take more than one variable or touch files (TLS, SMTP, web root). */
export function parseRetryDelays(raw: string): number[] {
  const items = parseList(raw);
  const expected = 'a comma-separated list of 1–20 integers from 1 to 86400';
  if (items.length > 20) throw new ConfigProblem('more than 20 items', expected);
  return items.map((item) => {
    try {
      return parseNumber(item, 1, 86_400, { integer: true });
    } catch {
      throw new ConfigProblem(`"${item}" is not an integer from 1 to 86400`, expected);
    }
  });
}

/** An absolute http(s) URL without query or fragment, kept without its trailing slash. */
export function parsePublicUrl(raw: string): string {
  const expected = 'an http:// or https:// URL such as https://everyst.example.com';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigProblem('not a URL', expected);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigProblem('not http or https', expected);
  if (url.search || url.hash || url.username || url.password) throw new ConfigProblem('has a query, fragment or credentials', expected);
  return url.href.replace(/\/+$/, '');
}

export function validateWebRoot(dir: string): string {
  try {
    readFileSync(join(dir, 'index.html'));
  } catch {
    throw new ConfigProblem('not a readable directory with an index.html', 'the path of a built web client (a directory containing index.html)');
  }
  return dir;
}

export function readTls(r: Reader): Config['tls'] {
  const certFile = r.raw('TLS_CERT_FILE');
  const keyFile = r.raw('TLS_KEY_FILE');
  if (!certFile && !keyFile) return null;
  const expected = 'both TLS_CERT_FILE and TLS_KEY_FILE set to readable PEM files that match';
  if (!certFile || !keyFile) {
    r.problem(certFile ? 'TLS_KEY_FILE' : 'TLS_CERT_FILE', 'unset while the other TLS file is set', expected);
    return null;
  }
  try {
    const cert = new X509Certificate(readFileSync(certFile));
    const key = createPrivateKey(readFileSync(keyFile));
    if (!cert.checkPrivateKey(key)) {
      r.problem('TLS_KEY_FILE', 'does not match the certificate', expected);
      return null;
    }
  } catch {
    r.problem('TLS_CERT_FILE', 'unreadable or not PEM', expected);
    return null;
  }
  return { certFile, keyFile };
}

export function readSmtp(r: Reader, timeoutSeconds: number): Config['smtp'] {
  const host = r.get('SMTP_HOST', parseHost, null as string | null);
  const port = r.get('SMTP_PORT', parseInteger(1, 65535), 587);
  const user = r.raw('SMTP_USER') ?? null;
  const password = r.raw('SMTP_PASSWORD') ?? null;
  if (password && !user) r.problem('SMTP_PASSWORD', 'set without SMTP_USER', 'SMTP_USER set as well');
  const security = r.get('SMTP_SECURITY', parseEnum(SMTP_SECURITY), port === 465 ? 'tls' : 'starttls');
  const from = r.get('SMTP_FROM', (v) => {
    if (!isEmail(v)) throw new ConfigProblem('not an email address', 'an email address such as everyst@example.com');
    return v;
  }, null as string | null);
  const fromName = r.get('SMTP_FROM_NAME', (v) => {
    if (v.length > 100) throw new ConfigProblem('too long', 'at most 100 characters');
    return v;
  }, 'Everyst');
  if (host && !from) r.problem('SMTP_FROM', 'unset while SMTP_HOST is set', 'an email address such as everyst@example.com');
  if (!host || !from) return null;
  return { host, port, user, password, security, from, fromName, timeoutSeconds };
}
