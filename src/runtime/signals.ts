import type { Logger } from 'pino';

/**
 * Graceful stop on SIGTERM and SIGINT: the first signal logs `stopping` and runs `stop`, then the process exits
 * (0, or 1 when `stop` failed); a second signal exits at once with 1.
 */
export function stopOnSignals(logger: Logger, stopping: string, stop: () => Promise<void>): void {
  let stopRequested = false;
  const onSignal = (signal: string) => {
    if (stopRequested) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopRequested = true;
    logger.info({ signal }, stopping);
    stop().then(
      () => {
        logger.info('stopped');
        logger.flush(() => process.exit(0));
      },
      (e: unknown) => {
        logger.error({ err: e }, 'error while stopping');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
}
