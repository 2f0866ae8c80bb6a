import { hostname } from 'node:os';
import { isIP } from 'node:net';
import { resolve, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ConfigProblem, parseBoolean, parseNumber, parseInteger, parseList, parseEnum, parseHost, parseIp,
  parseCidrList,
} from './parsers.js';
import { validateSecretKey, ensureDataDir, loadOrCreateSecretKey } from './secret-key.js';
import { readDotenv } from './dotenv.js';
import { parseDatabaseUrl, type DatabaseConfig } from './database-url.js';
import { parseAllowedHosts, parseOrigins } from './hosts.js';
import { parsePublicUrl, parseRetryDelays, readSmtp, readTls, validateWebRoot } from './sections.js';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
const SCAN_TYPES = ['basic', 'intense', 'full'] as const;
const LOG_FORMATS = ['auto', 'json', 'pretty'] as const;
/** `auto`: human-readable lines when stdout is a terminal, JSON lines otherwise. */
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface Config {
  secretKey: string;
  secretKeySource: 'environment' | 'file';
  debug: boolean;
  dev: boolean;
  allowedHosts: string[];
  apiHost: string;
  apiPort: number;
  tls: { certFile: string; keyFile: string } | null;
  trustProxy: boolean;
  logLevel: LogLevel;
  logFormat: LogFormat;
  metricsLogLevel: LogLevel;
  instanceName: string;
  dataDir: string;
  database: DatabaseConfig;
  uploadMaxBytes: number;
  jwt: { accessLifetimeHours: number; refreshLifetimeDays: number };
  maxLoginAttempts: number;
  lockoutMinutes: number;
  passwordMinLength: number;
  cors: { allowAll: boolean; origins: string[]; allowCredentials: boolean };
  /** Origins whose pages may open Socket.IO besides the same origin and the CORS origins; `['*']`: any origin. */
  socketAllowedOrigins: string[];
  webRoot: string | null;
  redis: { host: string; port: number; password: string | null; db: number } | null;
  scanUseWorkers: boolean;
  workerNetworks: string[] | null;
  metrics: { intervalSeconds: number; retentionDays: number; publicIp: string | null };
  prometheus: { enabled: boolean; token: string | null };
  monitors: { rawRetentionDays: number; concurrency: number };
  /** Agents on other hosts (monitoring.md §6): silent this long means offline. */
  agents: { offlineAfterSeconds: number };
  scan: {
    allowedNetworks: string[] | null;
    excludeInterfaces: string[];
    maxHosts: number;
    maxConcurrent: number;
    queueSize: number;
    offlineAfterMisses: number;
    scheduleMinutes: number;
    scheduleType: (typeof SCAN_TYPES)[number];
    resolveNames: boolean;
  };
  securityCheckMinutes: number;
  dnsServers: string[] | null;
  tools: { maxConcurrent: number; maxPerUser: number; ratePerMinute: number; whoisEnabled: boolean };
  smtp: {
    host: string; port: number; user: string | null; password: string | null;
    security: 'starttls' | 'tls' | 'none'; from: string; fromName: string; timeoutSeconds: number;
  } | null;
  smtpTimeoutSeconds: number;
  deliveryRetryDelays: number[];
  /** Outbound address policy of notification deliveries (docs/configuration.md, NOTIFY_*). */
  notify: { allowedNetworks: string[]; deniedNetworks: string[]; dedupSeconds: number };
  /** The dashboard's address as users reach it (PUBLIC_URL), for links in notifications; null when unset. */
  publicUrl: string | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

const SECRET_VARIABLES = new Set(['SECRET_KEY', 'SMTP_PASSWORD', 'REDIS_PASSWORD', 'PROMETHEUS_TOKEN', 'DATABASE_URL']);

/** Reads one variable through its parser, recording a problem instead of throwing. */
export class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Record<string, string | undefined>) {}

  raw(name: string): string | undefined {
    const v = this.env[name];
    return v === undefined || v === '' ? undefined : v;
  }

  get<T>(name: string, parse: (raw: string) => T, fallback: T): T {
    const raw = this.raw(name);
    if (raw === undefined) return fallback;
    try {
      return parse(raw);
    } catch (e) {
      this.fail(name, e);
      return fallback;
    }
  }

  fail(name: string, e: unknown): void {
    if (e instanceof ConfigProblem) {
      this.problems.push(`Invalid configuration: ${name}: ${e.reason}. Expected ${e.expected}.`);
    } else {
      const reason = SECRET_VARIABLES.has(name) ? 'invalid value' : String((e as Error).message ?? e);
      this.problems.push(`Invalid configuration: ${name}: ${reason}.`);
    }
  }

  problem(name: string, reason: string, expected: string): void {
    this.fail(name, new ConfigProblem(reason, expected));
  }
}

const INSTANCE_NAME = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Builds the one typed configuration from defaults < `.env` < process environment.
 * Throws ConfigError listing every problem. Creates the data directory and the secret key file when needed.
 */
export function loadConfig(
  processEnv: Record<string, string | undefined> = process.env,
  opts: { projectRoot?: string; dotenv?: boolean } = {},
): Config {
  const root = opts.projectRoot ?? PROJECT_ROOT;
  const fileEnv = opts.dotenv === false ? {} : readDotenv(join(root, '.env'));
  const env: Record<string, string | undefined> = { ...fileEnv };
  for (const [k, v] of Object.entries(processEnv)) if (v !== undefined && v !== '') env[k] = v;
  const r = new Reader(env);

  const dev = r.get('EVERYST_DEV', parseBoolean, false);
  const debugAlias = r.get('DEBUG_MODE', parseBoolean, undefined as boolean | undefined);
  const debug = r.get('DEBUG', parseBoolean, debugAlias ?? dev);
  const levelParser = parseEnum(LOG_LEVELS);

  const dataDir = resolve(root, r.raw('EVERYST_DATA_DIR') ?? 'data');
  let dataDirOk = true;
  try {
    ensureDataDir(dataDir);
  } catch (e) {
    dataDirOk = false;
    r.fail('EVERYST_DATA_DIR', e);
  }

  const accessHours = r.get('JWT_ACCESS_TOKEN_LIFETIME_HOURS', (v) => parseNumber(v, 0, 720, { minExclusive: true }), 12);
  const refreshDays = r.get('JWT_REFRESH_TOKEN_LIFETIME_DAYS', (v) => parseNumber(v, 0, 365, { minExclusive: true }), 7);
  if (refreshDays * 24 < accessHours) {
    r.problem('JWT_REFRESH_TOKEN_LIFETIME_DAYS', 'shorter than JWT_ACCESS_TOKEN_LIFETIME_HOURS', 'a refresh lifetime at least as long as the access lifetime');
  }

  const tls = readTls(r);
  const redisHost = r.get('REDIS_HOST', parseHost, null as string | null);
  const scanUseWorkers = r.get('SCAN_USE_WORKERS', parseBoolean, false);
  if (scanUseWorkers && !redisHost) r.problem('SCAN_USE_WORKERS', 'true without REDIS_HOST', 'false, or REDIS_HOST set');

  const prometheusToken = r.get('PROMETHEUS_TOKEN', (v) => {
    if (v.length < 16) throw new ConfigProblem('too short', 'a token of at least 16 characters');
    return v;
  }, null as string | null);

  const apiHost = r.get('API_HOST', (v) => {
    if (v === 'localhost' || isIP(v)) return v;
    throw new ConfigProblem('not an IP address', 'an IP address or localhost');
  }, '::');

  const secretFromEnv = r.get('SECRET_KEY', validateSecretKey, null as string | null);
  const smtpTimeoutSeconds = r.get('SMTP_TIMEOUT_SECONDS', parseInteger(1, 120), 10);

  const config: Config = {
    secretKey: '',
    secretKeySource: secretFromEnv ? 'environment' : 'file',
    debug,
    dev,
    allowedHosts: r.get('ALLOWED_HOSTS', parseAllowedHosts, ['*']),
    apiHost,
    apiPort: r.get('API_PORT', parseInteger(0, 65535), 8000),
    tls,
    trustProxy: r.get('TRUST_PROXY', parseBoolean, false),
    logLevel: r.get('LOG_LEVEL', levelParser, debug ? 'debug' : 'info'),
    logFormat: r.get('LOG_FORMAT', parseEnum(LOG_FORMATS), 'auto'),
    metricsLogLevel: r.get('METRICS_LOG_LEVEL', levelParser, 'warn'),
    instanceName: r.get('EVERYST_INSTANCE_NAME', (v) => {
      if (!INSTANCE_NAME.test(v)) throw new ConfigProblem('invalid characters or length', '1–100 characters of A–Z a–z 0–9 . _ -');
      return v;
    }, `${hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 80)}-${process.pid}`),
    dataDir,
    database: r.get('DATABASE_URL', parseDatabaseUrl, { kind: 'sqlite', path: join(dataDir, 'everyst.sqlite3') } as DatabaseConfig),
    uploadMaxBytes: r.get('UPLOAD_MAX_BYTES', parseInteger(1024, 52_428_800), 5_242_880),
    jwt: { accessLifetimeHours: accessHours, refreshLifetimeDays: refreshDays },
    maxLoginAttempts: r.get('MAX_LOGIN_ATTEMPTS', parseInteger(0, 1000), 5),
    lockoutMinutes: r.get('ACCOUNT_LOCKOUT_DURATION', parseInteger(1, 1440), 15),
    passwordMinLength: r.get('PASSWORD_MIN_LENGTH', parseInteger(8, 128), 8),
    cors: {
      allowAll: r.get('CORS_ALLOW_ALL_ORIGINS', parseBoolean, false),
      origins: [
        ...r.get('CORS_ALLOWED_ORIGINS', parseOrigins, [] as string[]),
        ...(dev ? ['http://localhost:5173', 'https://localhost:5173', 'http://127.0.0.1:5173', 'https://127.0.0.1:5173'] : []),
      ],
      allowCredentials: r.get('CORS_ALLOW_CREDENTIALS', parseBoolean, false),
    },
    socketAllowedOrigins: r.get('SOCKET_ALLOWED_ORIGINS', (v) => (v === '*' ? ['*'] : parseOrigins(v)), [] as string[]),
    webRoot: r.get('EVERYST_WEB_ROOT', (v) => validateWebRoot(resolve(root, v)), null as string | null),
    redis: redisHost
      ? {
          host: redisHost,
          port: r.get('REDIS_PORT', parseInteger(1, 65535), 6379),
          password: r.raw('REDIS_PASSWORD') ?? null,
          db: r.get('REDIS_DB', parseInteger(0, 15), 0),
        }
      : null,
    scanUseWorkers,
    workerNetworks: r.get('WORKER_NETWORKS', (v) => parseCidrList(v, false), null as string[] | null),
    metrics: {
      intervalSeconds: r.get('METRICS_INTERVAL_SECONDS', (v) => parseNumber(v, 0.5, 60), 1),
      retentionDays: r.get('METRICS_RETENTION_DAYS', parseInteger(1, 3650), 400),
      publicIp: r.get('PUBLIC_IP', parseIp, null as string | null),
    },
    prometheus: { enabled: r.get('PROMETHEUS_ENABLED', parseBoolean, false), token: prometheusToken },
    monitors: {
      rawRetentionDays: r.get('MONITOR_RAW_RETENTION_DAYS', parseInteger(1, 90), 7),
      concurrency: r.get('MONITOR_CONCURRENCY', parseInteger(1, 1024), 64),
    },
    agents: { offlineAfterSeconds: r.get('AGENT_OFFLINE_AFTER_S', parseInteger(2, 86_400), 30) },
    scan: {
      allowedNetworks: r.get('SCAN_ALLOWED_NETWORKS', (v) => parseCidrList(v, true), null as string[] | null),
      excludeInterfaces: r.get('SCAN_EXCLUDE_INTERFACES', parseList, 'docker*,br-*,veth*,virbr*,vnet*,tun*,tap*,wg*,zt*'.split(',')),
      maxHosts: r.get('SCAN_MAX_HOSTS', parseInteger(1, 65_536), 1024),
      maxConcurrent: r.get('SCAN_MAX_CONCURRENT', parseInteger(1, 16), 1),
      queueSize: r.get('SCAN_QUEUE_SIZE', parseInteger(0, 100), 5),
      offlineAfterMisses: r.get('SCAN_OFFLINE_AFTER_MISSES', parseInteger(1, 100), 2),
      scheduleMinutes: r.get('SCAN_SCHEDULE_MINUTES', parseInteger(0, 10_080), 0),
      scheduleType: r.get('SCAN_SCHEDULE_TYPE', parseEnum(SCAN_TYPES), 'basic'),
      resolveNames: r.get('SCAN_RESOLVE_NAMES', parseBoolean, true),
    },
    securityCheckMinutes: r.get('SECURITY_CHECK_MINUTES', parseInteger(0, 1440), 15),
    dnsServers: r.get('DNS_SERVERS', (v) => parseList(v).map(parseIp), null as string[] | null),
    tools: {
      maxConcurrent: r.get('TOOLS_MAX_CONCURRENT', parseInteger(1, 64), 4),
      maxPerUser: r.get('TOOLS_MAX_PER_USER', parseInteger(1, 16), 2),
      ratePerMinute: r.get('TOOLS_RATE_PER_MINUTE', parseInteger(1, 1000), 30),
      whoisEnabled: r.get('TOOLS_WHOIS_ENABLED', parseBoolean, true),
    },
    smtp: readSmtp(r, smtpTimeoutSeconds),
    smtpTimeoutSeconds,
    deliveryRetryDelays: r.get('DELIVERY_RETRY_DELAYS', parseRetryDelays, [30, 120, 480, 1800, 7200]),
    notify: {
      allowedNetworks: r.get('NOTIFY_ALLOWED_NETWORKS', (v) => parseCidrList(v, true), [] as string[]),
      deniedNetworks: r.get('NOTIFY_DENIED_NETWORKS', (v) => parseCidrList(v, true), [] as string[]),
      dedupSeconds: r.get('NOTIFY_DEDUP_SECONDS', parseInteger(0, 86_400), 60),
    },
    publicUrl: r.get('PUBLIC_URL', parsePublicUrl, null as string | null),
  };

  if (r.problems.length) throw new ConfigError(r.problems);
  config.secretKey = secretFromEnv ?? (dataDirOk ? loadOrCreateSecretKey(dataDir) : '');
  return config;
}
