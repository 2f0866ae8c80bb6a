/**
 * Issue 5: host discovery of a /24 holding HOSTS live namespace hosts (10.213.150.0/24: one bridge, hosts without a
 * default route; root only) by Everyst's discovery step (src/system/network probeHosts, with the targets and
 * options a scan gives it), against `arp-scan` and `nmap -sn -n` on the same network in the same run. Target:
 * Everyst ≤ 1.5× arp-scan's time, finding the same hosts. Each tool runs RUNS times in rotating order, each time
 * after the server's neighbour table of that network was flushed; medians are printed. Nothing else is probed, and
 * the namespaces are removed at the end (also on failure).
 * Run: node --import tsx bench/scanner-vs-arp-scan.ts   (BENCH_SCAN_HOSTS default 60, BENCH_SCAN_RUNS default 3)
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { detectBinaries } from '../src/system/network/binaries.js';
import { readCapabilities } from '../src/system/network/capabilities.js';
import { normalizeMac } from '../src/system/network/oui.js';
import { probeHosts } from '../src/system/network/probe-hosts.js';
import { allowedNetworks } from '../src/system/network/allowed-networks.js';
import { resolveExplicitTargets } from '../src/system/network/targets.js';
import { createTestNetwork, netnsSkipReason, type TestNetwork } from '../test/helpers/netns.js';

const SUBNET = 150;
const HOSTS = Math.max(50, Number(process.env.BENCH_SCAN_HOSTS ?? 60));
const RUNS = Number(process.env.BENCH_SCAN_RUNS ?? 3);
const TARGET_FACTOR = 1.5;
const TOOL_TIMEOUT_MS = 60_000;
const run = promisify(execFile);

/** IP → MAC of the hosts a tool found. */
type Found = Map<string, string | null>;
type Tool = { name: string; discover: () => Promise<Found> };

function tools(net: TestNetwork): Tool[] {
  const bin = detectBinaries();
  const privileged = readCapabilities().privileged;
  // What a scan of this network hands to the discovery step (scan-phases.ts): its targets, checked against the
  // allowed networks (SCAN_ALLOWED_NETWORKS = this /24 only), and fping's interval when privileged.
  const { blocks } = resolveExplicitTargets(net.cidr, { allowed: allowedNetworks([net.cidr], []), maxHosts: 65_536 });
  const everyst = async (): Promise<Found> => {
    const { hosts } = await probeHosts({ targets: blocks, privileged, binaries: bin, fpingIntervalMs: privileged ? 1 : undefined });
    return new Map(hosts.filter((h) => !h.isThisServer).map((h) => [h.ip, h.mac]));
  };
  const arpScan = async (): Promise<Found> => {
    const { stdout } = await run(bin['arp-scan']!, [`--interface=${net.serverInterface}`, '--retry=2', '--plain', '--quiet', net.cidr], { timeout: TOOL_TIMEOUT_MS });
    return new Map(stdout.trim().split('\n').filter(Boolean).map((line) => {
      const [ip, mac] = line.split(/\s+/);
      return [ip, normalizeMac(mac)];
    }));
  };
  const nmap = async (): Promise<Found> => {
    // -n: no name lookups; -e: only the test network's interface.
    const { stdout } = await run(bin.nmap!, ['-sn', '-n', '-e', net.serverInterface, '-oX', '-', net.cidr], { timeout: TOOL_TIMEOUT_MS });
    const found: Found = new Map();
    for (const host of stdout.split(/<host[ >]/).slice(1)) {
      const ip = /addr="([\d.]+)" addrtype="ipv4"/.exec(host)?.[1];
      const mac = /addr="([0-9A-Fa-f:]+)" addrtype="mac"/.exec(host)?.[1];
      if (ip && ip !== net.serverIp && /<status state="up"/.test(host)) found.set(ip, mac ? normalizeMac(mac) : null);
    }
    return found;
  };
  return [
    { name: `Everyst probeHosts (${privileged && bin['arp-scan'] ? 'arp-scan' : 'neighbour sweep'} + ${bin.fping ? 'fping' : 'ping'})`, discover: everyst },
    { name: 'arp-scan', discover: arpScan },
    { name: 'nmap -sn', discover: nmap },
  ];
}

function skipReason(): string | null {
  const netns = netnsSkipReason();
  if (netns) return netns;
  const bin = detectBinaries();
  const missing = (['arp-scan', 'nmap', 'fping'] as const).filter((b) => !bin[b]);
  return missing.length ? `${missing.join(', ')} not installed (Debian packages: ${missing.join(' ')})` : null;
}

async function main(): Promise<void> {
  const skip = skipReason();
  if (skip) {
    console.log(`scanner-vs-arp-scan: skipped (${skip})`);
    return;
  }
  const net = await createTestNetwork({
    subnet: SUBNET,
    hosts: Array.from({ length: HOSTS }, (_, i) => ({ octet: 10 + i, mac: `00:1b:21:cc:96:${(0x10 + i).toString(16).padStart(2, '0')}` })),
  });
  try {
    const list = tools(net);
    const times = list.map(() => [] as number[]);
    const found = list.map(() => [] as number[]);
    const strays = list.map(() => 0);
    const sets = list.map(() => new Set<string>());
    for (let r = 0; r < RUNS; r++) {
      for (let k = 0; k < list.length; k++) {
        const t = (r + k) % list.length;
        execFileSync('ip', ['neigh', 'flush', 'dev', net.serverInterface]);
        const started = performance.now();
        const result = await list[t].discover();
        times[t].push(performance.now() - started);
        const right = net.hosts.filter((h) => result.get(h.ip) === h.mac).map((h) => h.ip);
        found[t].push(right.length);
        strays[t] = Math.max(strays[t], [...result.keys()].filter((ip) => !net.hosts.some((h) => h.ip === ip)).length);
        if (r === 0) sets[t] = new Set(right);
        else for (const ip of sets[t]) if (!right.includes(ip)) sets[t].delete(ip); // found in every run
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const [ours, arp, nmap] = times.map(median);
    const fewest = found.map((f) => Math.min(...f));
    const factor = ours / arp;
    const same = sets[0].size === sets[1].size && [...sets[1]].every((ip) => sets[0].has(ip)) && strays[0] === 0;
    console.log(`scanner-vs-arp-scan: ${HOSTS} hosts in ${net.cidr}, median of ${RUNS} runs: ${list[0].name} ${ours.toFixed(0)} ms, ` +
      `arp-scan ${arp.toFixed(0)} ms, nmap -sn ${nmap.toFixed(0)} ms → Everyst ÷ arp-scan ${factor.toFixed(2)}× ` +
      `(target ≤ ${TARGET_FACTOR}× with the same hosts): ${factor <= TARGET_FACTOR && same ? 'ok' : 'MISSED'}`);
    console.log(`scanner-vs-arp-scan: hosts found with their MAC (fewest in a run; stray addresses): ` +
      `${list.map((tool, i) => `${tool.name.split(' (')[0]} ${fewest[i]}/${HOSTS} (${strays[i]})`).join(', ')}; ` +
      `same hosts as arp-scan: ${same ? 'yes' : 'no'}; range: ${times.map((t, i) => `${list[i].name.split(' ')[0]} ${Math.min(...t).toFixed(0)}–${Math.max(...t).toFixed(0)} ms`).join(', ')}`);
  } finally {
    await net.destroy();
  }
}

await main();
