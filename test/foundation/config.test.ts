import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../../src/config/config.js';

const dir = () => mkdtempSync(join(tmpdir(), 'everyst-config-'));

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig({ EVERYST_DATA_DIR: dir(), ...env }, { dotenv: false });
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('configuration', () => {
  it('uses the documented defaults', () => {
    const config = loadConfig({ EVERYST_DATA_DIR: dir() }, { dotenv: false });
    expect(config.debug).toBe(false);
    expect(config.apiPort).toBe(8000);
    expect(config.allowedHosts).toEqual(['*']);
    expect(config.jwt).toEqual({ accessLifetimeHours: 12, refreshLifetimeDays: 7 });
    expect(config.database.kind).toBe('sqlite');
    expect(config.deliveryRetryDelays).toEqual([30, 120, 480, 1800, 7200]);
    expect(config.scan.excludeInterfaces).toContain('docker*');
  });

  it.each([
    [{ DEBUG: 'maybe' }, 'DEBUG: not a boolean'],
    [{ API_PORT: '70000' }, 'API_PORT: out of range'],
    [{ API_PORT: '80a' }, 'API_PORT: not an integer'],
    [{ JWT_ACCESS_TOKEN_LIFETIME_HOURS: '0' }, 'JWT_ACCESS_TOKEN_LIFETIME_HOURS: out of range'],
    [{ JWT_ACCESS_TOKEN_LIFETIME_HOURS: '48', JWT_REFRESH_TOKEN_LIFETIME_DAYS: '1' }, 'JWT_REFRESH_TOKEN_LIFETIME_DAYS: shorter than JWT_ACCESS_TOKEN_LIFETIME_HOURS'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL: unknown value'],
    [{ ALLOWED_HOSTS: 'example.com,,x' }, 'ALLOWED_HOSTS: contains an empty item'],
    [{ ALLOWED_HOSTS: 'http://example.com' }, 'ALLOWED_HOSTS: "http://example.com" contains a scheme'],
    [{ ALLOWED_HOSTS: 'example.com:8000' }, 'ALLOWED_HOSTS: "example.com:8000" is not a host name'],
    [{ DATABASE_URL: 'mysql://x@y/z' }, 'DATABASE_URL: unsupported scheme "mysql"'],
    [{ SCAN_ALLOWED_NETWORKS: '10.0.0.0/33' }, 'SCAN_ALLOWED_NETWORKS: "10.0.0.0/33" is not an address or CIDR'],
    [{ DNS_SERVERS: '1.2.3' }, 'DNS_SERVERS: not an IP address'],
    [{ NOTIFY_ALLOWED_NETWORKS: '169.254.0.0/16,metadata' }, 'NOTIFY_ALLOWED_NETWORKS: "metadata" is not an address or CIDR'],
    [{ NOTIFY_DENIED_NETWORKS: '10.0.0.0/8,' }, 'NOTIFY_DENIED_NETWORKS: contains an empty item'],
    [{ SCAN_USE_WORKERS: 'true' }, 'SCAN_USE_WORKERS: true without REDIS_HOST'],
    [{ TLS_CERT_FILE: '/nonexistent.pem' }, 'TLS_KEY_FILE: unset while the other TLS file is set'],
    [{ SMTP_HOST: 'mail.example.com' }, 'SMTP_FROM: unset while SMTP_HOST is set'],
    [{ SMTP_PASSWORD: 'x' }, 'SMTP_PASSWORD: set without SMTP_USER'],
    [{ DELIVERY_RETRY_DELAYS: '1,2,0' }, 'DELIVERY_RETRY_DELAYS: "0" is not an integer'],
    [{ PROMETHEUS_TOKEN: 'short' }, 'PROMETHEUS_TOKEN: too short'],
    [{ EVERYST_INSTANCE_NAME: 'has space' }, 'EVERYST_INSTANCE_NAME: invalid characters'],
    [{ EVERYST_WEB_ROOT: '/nonexistent-web-root' }, 'EVERYST_WEB_ROOT: not a readable directory'],
  ])('rejects %j', (env, expected) => {
    const found = problems(env);
    expect(found.join('\n')).toContain(`Invalid configuration: ${expected}`);
    expect(found.every((line) => /Expected .+\.$/.test(line))).toBe(true);
  });

  it('never echoes a secret value in its message', () => {
    const found = problems({ SECRET_KEY: 'django-insecure-abcdefghijklmnopqrstuvwxyz0123456789' });
    expect(found).toHaveLength(1);
    expect(found[0]).toContain('SECRET_KEY: is a published example key');
    expect(found[0]).not.toContain('abcdefghij');
    expect(problems({ SECRET_KEY: 'tooshort' })[0]).not.toContain('tooshort');
  });

  it('reports every problem at once', () => {
    expect(problems({ DEBUG: 'x', API_PORT: '-1', MAX_LOGIN_ATTEMPTS: '5000' })).toHaveLength(3);
  });

  it('generates the secret key once, mode 0600, and reuses it', () => {
    const dataDir = dir();
    const first = loadConfig({ EVERYST_DATA_DIR: dataDir }, { dotenv: false });
    const second = loadConfig({ EVERYST_DATA_DIR: dataDir }, { dotenv: false });
    expect(first.secretKey).toHaveLength(128);
    expect(second.secretKey).toBe(first.secretKey);
    expect(readFileSync(join(dataDir, 'secret_key'), 'utf8').trim()).toBe(first.secretKey);
    expect(statSync(join(dataDir, 'secret_key')).mode & 0o777).toBe(0o600);
  });

  it('reads .env from the project root; the environment wins; empty counts as unset', () => {
    const root = dir();
    writeFileSync(join(root, '.env'), '# comment\nAPI_PORT=9100\nLOG_LEVEL="warn"\nDEBUG=\n');
    const fromFile = loadConfig({ EVERYST_DATA_DIR: join(root, 'data') }, { projectRoot: root });
    expect(fromFile.apiPort).toBe(9100);
    expect(fromFile.logLevel).toBe('warn');
    expect(fromFile.debug).toBe(false);
    const overridden = loadConfig({ EVERYST_DATA_DIR: join(root, 'data'), API_PORT: '9200', LOG_LEVEL: '' }, { projectRoot: root });
    expect(overridden.apiPort).toBe(9200);
    expect(overridden.logLevel).toBe('warn');
  });

  it('rejects a data directory that is a file', () => {
    const root = dir();
    writeFileSync(join(root, 'file'), 'x');
    expect(problems({ EVERYST_DATA_DIR: join(root, 'file') })[0]).toContain('EVERYST_DATA_DIR: exists but is not a directory');
  });

  it('accepts the boolean spellings and EVERYST_DEV defaults', () => {
    for (const v of ['true', 'YES', 'on', '1']) expect(loadConfig({ EVERYST_DATA_DIR: dir(), DEBUG: v }, { dotenv: false }).debug).toBe(true);
    const dev = loadConfig({ EVERYST_DATA_DIR: dir(), EVERYST_DEV: 'true' }, { dotenv: false });
    expect(dev.debug).toBe(true);
    expect(dev.logLevel).toBe('debug');
    expect(dev.cors.origins).toContain('http://localhost:5173');
  });
});
