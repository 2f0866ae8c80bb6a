import pino, { type Logger } from 'pino';
import type { Config } from './config/config.js';

/** Paths redacted from every log line, wherever they appear. */
const REDACT = [
  'req.headers.authorization', 'headers.authorization', '*.password', '*.new_password', '*.current_password',
  '*.secret', '*.token', '*.refresh', '*.access', 'config.secretKey',
];

export function createLogger(config: Pick<Config, 'logLevel' | 'dev' | 'instanceName'>, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level: config.logLevel,
      base: { instance: config.instanceName },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
