import type { ProcessResult } from './spawn.js';
import type { ToolStatus } from './types.js';

/** The Debian package of each program a tool may start (tools.md §2). */
export const DEBIAN_PACKAGES: Record<string, string> = {
  ping: 'iputils-ping',
  nmap: 'nmap',
  dig: 'bind9-dnsutils',
  nslookup: 'bind9-dnsutils',
  traceroute: 'traceroute',
  whois: 'whois',
  netstat: 'net-tools',
  ss: 'iproute2',
  ip: 'iproute2',
  tcpdump: 'tcpdump',
};

/** `2025-07-27T10:15:30.123+00:00` (README.md "Timestamps"). */
export function isoTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}

export function timeoutLine(timeoutMs: number): string {
  return `Command timed out after ${timeoutMs / 1000} seconds`;
}

export function notInstalledText(program: string): string {
  const pkg = DEBIAN_PACKAGES[program] ?? program;
  return `Failed to execute command: ${program} is not installed on the server (Debian package: ${pkg})`;
}

const appendLine = (text: string, line: string) => (text === '' ? line : `${text}\n${line}`);

/** Output and status of a finished process, by the rules of tools.md §5. */
export function describeProcess(program: string, result: ProcessResult, timeoutMs: number): { output: string; status: ToolStatus } {
  if (result.spawnError) {
    const output =
      result.spawnError.code === 'ENOENT' ? notInstalledText(program) : `Failed to execute command: ${result.spawnError.message}`;
    return { output, status: 'error' };
  }
  const hasOutput = result.output.trim() !== '';
  if (result.timedOut) {
    return { output: appendLine(result.output, timeoutLine(timeoutMs)), status: hasOutput ? 'warning' : 'error' };
  }
  if (result.aborted) return { output: appendLine(result.output, 'Command cancelled'), status: 'error' };
  // Stopped by the output cap: the output already ends with the truncation line.
  if (result.truncated) return { output: result.output, status: 'warning' };
  if (result.exitCode === 0) return { output: result.output, status: 'success' };
  if (result.exitCode !== null) {
    return { output: appendLine(result.output, `Error: command exited with code ${result.exitCode}`), status: 'error' };
  }
  return { output: appendLine(result.output, `Error: command terminated by signal ${result.exitSignal}`), status: 'error' };
}
