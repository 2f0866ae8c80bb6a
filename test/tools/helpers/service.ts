import { vi } from 'vitest';
import { DomainError } from '../../../src/errors.js';
import { toHttpError } from '../../../src/http/error-handler.js';
import type { HttpError } from '../../../src/http/error-status.js';
import { dnsQuery } from '../../../src/system/network/dns/dns-client.js';
import { resolveHost } from '../../../src/modules/tools/resolve.js';
import { createProcessRunner, type ProcessResult, type ProcessSpec } from '../../../src/modules/tools/spawn.js';
import { tlsProbe } from '../../../src/modules/tools/ssl/tls-probe.js';
import { ToolsService, type ToolsServiceOptions } from '../../../src/modules/tools/tools.service.js';

export const isRoot = process.getuid?.() === 0;

/** Every I/O seam of the service, real underneath, wrapped in spies. */
export function spies() {
  return {
    runProcess: vi.fn(createProcessRunner()),
    dnsQuery: vi.fn(dnsQuery),
    tlsProbe: vi.fn(tlsProbe),
    resolveHost: vi.fn(resolveHost),
  };
}

export type Spies = ReturnType<typeof spies>;

/**
 * A service whose I/O seams are spied; `options` may replace any of them. By default every name
 * lookup goes to 127.0.0.1 port 9 (nothing answers), so a test slip can never query a real resolver.
 */
export function spiedService(options: ToolsServiceOptions = {}) {
  const seams = spies();
  const service = new ToolsService({
    ...seams,
    allowedNetworks: ['127.0.0.0/8'],
    dnsServers: ['127.0.0.1'],
    dnsPort: 9,
    listInterfaces: async () => ['lo'],
    ...options,
  });
  return { service, seams };
}

export function touchedNothing(seams: Spies): boolean {
  return Object.values(seams).every((spy) => spy.mock.calls.length === 0);
}

/**
 * A runner that starts nothing: it records what would run and answers with `result`, optionally
 * waiting for `gate` first (to hold a run in progress).
 */
export function recordingRunner(result: Partial<ProcessResult> = {}, gate?: Promise<void>) {
  const calls: ProcessSpec[] = [];
  const run = async (spec: ProcessSpec): Promise<ProcessResult> => {
    calls.push(spec);
    await gate;
    return { output: 'ok', exitCode: 0, exitSignal: null, timedOut: false, truncated: false, aborted: false, durationMs: 1, ...result };
  };
  return { run, calls, argv: () => calls.map((c) => [c.command, ...c.args]) };
}

/** The domain error a promise rejects with, as the HTTP edge answers it (fails the test when it resolves). */
export async function apiError(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return toHttpError(error)!;
    throw error;
  }
  throw new Error('expected a domain error, but the call succeeded');
}
