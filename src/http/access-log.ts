import pino, { type Logger } from 'pino';

export interface AccessFields { reqId: string; method: string; url: string; status: number; ms: number }

/**
 * The access line of a completed request: exactly what `logger.info(fields, 'request')` writes — pino's level,
 * time and bindings, then the fields — put together here and written straight to the logger's destination. The
 * generic call cost about as much as the rest of a health check, and this line is written for every request.
 */
export function accessLogger(logger: Logger): (fields: AccessFields) => void {
  const internals = logger as unknown as Record<symbol, unknown>;
  const stream = internals[pino.symbols.streamSym] as { write(line: string): void };
  const time = internals[pino.symbols.timeSym] as () => string;
  const bindings = internals[pino.symbols.chindingsSym] as string;
  const level = logger.levels.values.info;
  return (f) => {
    if (!logger.isLevelEnabled('info')) return;
    stream.write(`{"level":${level}${time()}${bindings},"reqId":${JSON.stringify(f.reqId)},"method":${JSON.stringify(f.method)},` +
      `"url":${JSON.stringify(f.url)},"status":${f.status},"ms":${f.ms},"msg":"request"}\n`);
  };
}
