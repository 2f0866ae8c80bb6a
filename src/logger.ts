import pino, { type Logger } from 'pino';
import type { Config } from './config/config.js';
import { nowIso } from './db/values.js';
import { BatchedStdout } from './logger-stdout.js';
import { PrettyStdout } from './logger-pretty.js';
import { redactQuerySecrets } from './http/log-redaction.js';

/**
 * Redacted paths. No code logs bodies or headers; these are a second line of defence. Exact paths only:
 * wildcard paths made redaction a visible share of every log call.
 */
const REDACT = [
  'req.headers.authorization', 'headers.authorization', 'password', 'new_password', 'current_password', 'secret',
  'token', 'refresh', 'access', 'body.password', 'body.secret', 'config.secretKey', 'smtp.password',
];

/** Whether log lines are written for a person (LOG_FORMAT; `auto`: when stdout is a terminal). */
export function prettyLogs(format: Config['logFormat'] | undefined, stdoutIsTty = Boolean(process.stdout.isTTY)): boolean {
  return format === 'pretty' || ((format ?? 'auto') === 'auto' && stdoutIsTty);
}

/**
 * Logs go to stdout, as JSON lines in batches (BatchedStdout) or as readable lines (prettyLogs), unless a
 * destination is given (tests).
 */
export function createLogger(
  config: Pick<Config, 'logLevel' | 'dev' | 'instanceName'> & Partial<Pick<Config, 'logFormat'>>,
  destination?: pino.DestinationStream,
): Logger {
  const stream = destination ?? (prettyLogs(config.logFormat) ? new PrettyStdout() : new BatchedStdout());
  return pino(
    {
      level: config.logLevel,
      base: { instance: config.instanceName },
      redact: { paths: REDACT, censor: '[redacted]' },
      hooks: { streamWrite: redactQuerySecrets },
      timestamp: () => `,"time":"${nowIso()}"`,
    },
    stream,
  );
}
