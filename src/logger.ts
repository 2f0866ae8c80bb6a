import pino, { type Logger } from 'pino';
import type { Config } from './config/config.js';
import { nowIso } from './db/values.js';
import { BatchedStdout } from './logger-stdout.js';
import { redactQuerySecrets } from './http/log-redaction.js';

/**
 * Redacted paths. No code logs bodies or headers; these are a second line of defence. Exact paths only:
 * wildcard paths made redaction a visible share of every log call.
 */
const REDACT = [
  'req.headers.authorization', 'headers.authorization', 'password', 'new_password', 'current_password', 'secret',
  'token', 'refresh', 'access', 'body.password', 'body.secret', 'config.secretKey', 'smtp.password',
];

/** Logs go to stdout in batches (BatchedStdout) unless a destination is given (tests). */
export function createLogger(config: Pick<Config, 'logLevel' | 'dev' | 'instanceName'>, destination?: pino.DestinationStream): Logger {
  const stream = destination ?? new BatchedStdout();
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
