import { readdirSync, readFileSync } from 'node:fs';

/** Scanner child processes (nmap, fping, arp-scan, traceroute) whose arguments mention `addressPrefix`. */
export function scanningProcesses(addressPrefix: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const program = argv[0]?.split('/').pop() ?? '';
    if (['nmap', 'fping', 'arp-scan', 'traceroute'].includes(program) && argv.some((a) => a.startsWith(addressPrefix))) found.push(Number(entry));
  }
  return found;
}
