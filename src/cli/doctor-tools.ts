import { readFileSync } from 'node:fs';
import { findBinary } from '../system/network/binaries.js';
import {
  capabilitiesOutsideBoundingSet, parseCapabilities, readFileCapabilities, type Capabilities, type FileCapabilities,
} from '../system/network/capabilities.js';

export interface ToolFinding { level: 'ok' | 'warn' | 'problem'; what: string; detail: string }

/** The OS programs the scanner and the tools run, with the Debian package that ships each. */
const PROGRAMS: ReadonlyArray<[program: string, debianPackage: string]> = [
  ['nmap', 'nmap'], ['fping', 'fping'], ['arp-scan', 'arp-scan'], ['ping', 'iputils-ping'], ['traceroute', 'traceroute'],
  ['dig', 'bind9-dnsutils'], ['nslookup', 'bind9-dnsutils'], ['whois', 'whois'], ['tcpdump', 'tcpdump'],
  ['openssl', 'openssl'], ['netstat', 'net-tools'], ['ip', 'iproute2'],
];

interface RawSocketNeed {
  /** ping and fping also work through unprivileged ICMP sockets (net.ipv4.ping_group_range). */
  icmpSockets: boolean;
  setcap: string;
  without: string;
}

/**
 * What degrades without raw sockets for each program, and the setcap that grants them (docs/unprivileged.md). Each
 * needs CAP_NET_RAW only (measured for nmap -sS/-O, arp-scan and tcpdump).
 */
const RAW_SOCKETS: Record<string, RawSocketNeed> = {
  nmap: { icmpSockets: false, setcap: 'cap_net_raw+eip', without: 'no OS detection and no SYN scans (scans use TCP connect and say "OS detection skipped")' },
  'arp-scan': { icmpSockets: false, setcap: 'cap_net_raw+eip', without: 'no ARP scan (MAC addresses come from the kernel neighbour table, and scans say so)' },
  fping: { icmpSockets: true, setcap: 'cap_net_raw+ep', without: 'no fping sweep (ping is used, slower)' },
  ping: { icmpSockets: true, setcap: 'cap_net_raw+ep', without: 'the ping tool and ping monitors fail' },
  tcpdump: { icmpSockets: false, setcap: 'cap_net_raw+eip', without: 'the tcpdump tool cannot capture' },
};

/** Whether this process's group may open ICMP datagram sockets (`net.ipv4.ping_group_range`). */
function icmpSocketsAllowed(gid: number, rangePath = '/proc/sys/net/ipv4/ping_group_range'): boolean {
  try {
    const [low, high] = readFileSync(rangePath, 'utf8').trim().split(/\s+/).map(Number);
    return gid >= low && gid <= high;
  } catch {
    return false;
  }
}

function rawSocketSource(need: RawSocketNeed, caps: Capabilities, file: FileCapabilities, gid: number): string | null {
  if (caps.root && caps.netRaw) return 'root';
  if (caps.privileged) return 'ambient CAP_NET_RAW CAP_NET_ADMIN';
  if (!caps.noNewPrivileges && file.netRaw) return 'file capabilities cap_net_raw';
  if (need.icmpSockets && icmpSocketsAllowed(gid)) return 'ICMP sockets (net.ipv4.ping_group_range)';
  return null;
}

/**
 * One finding per program: installed or not (with the package), and for the raw-socket programs whether this user
 * can use them with the capability they need — if not, what degrades and the setcap command that fixes it.
 */
export function toolFindings(status = readFileSync('/proc/self/status', 'utf8'), gid = process.getgid?.() ?? 0): ToolFinding[] {
  const caps: Capabilities = parseCapabilities(status);
  const paths = new Map(PROGRAMS.map(([program]) => [program, findBinary(program)]));
  const rawPrograms = Object.keys(RAW_SOCKETS).map((p) => paths.get(p)).filter((p): p is string => Boolean(p));
  const fileCaps = readFileCapabilities(rawPrograms);
  const findings: ToolFinding[] = [{
    level: 'ok', what: 'capabilities',
    detail: caps.root ? 'running as root' : caps.privileged ? 'ambient CAP_NET_RAW CAP_NET_ADMIN' : `none for this process${caps.noNewPrivileges ? ' (NoNewPrivileges: programs\' file capabilities are ignored)' : ''}`,
  }];
  for (const [program, debianPackage] of PROGRAMS) {
    const path = paths.get(program);
    if (!path) {
      findings.push({ level: 'problem', what: program, detail: `not installed: apt-get install ${debianPackage}` });
      continue;
    }
    const need = RAW_SOCKETS[program];
    if (!need) {
      findings.push({ level: 'ok', what: program, detail: path });
      continue;
    }
    const file = fileCaps.get(path) ?? { netRaw: false, netAdmin: false, names: [] };
    const outside = caps.root || caps.noNewPrivileges ? [] : capabilitiesOutsideBoundingSet(file, status);
    if (outside.length) {
      findings.push({ level: 'problem', what: program, detail: `${path} cannot be run by this process: its file capabilities include ${outside.join(', ')}, outside this process's capability bounding set (a container without it?). Fix: sudo setcap ${need.setcap} ${path}, or grant ${outside.map((c) => c.replace('cap_', '').toUpperCase()).join(', ')} (docker run --cap-add)` });
      continue;
    }
    const source = rawSocketSource(need, caps, file, gid);
    findings.push(source
      ? { level: 'ok', what: program, detail: `${path} (raw sockets: ${source})` }
      : { level: 'warn', what: program, detail: `${path} without raw sockets for this user: ${need.without}. Fix: sudo setcap ${need.setcap} ${path}, or run the server with CAP_NET_RAW CAP_NET_ADMIN (docs/unprivileged.md)` });
  }
  return findings;
}
