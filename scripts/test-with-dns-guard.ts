/**
 * `npm test`: vitest, run — as root on Linux — in a private mount namespace whose /etc/resolv.conf names only a
 * recording DNS responder on loopback. Every lookup the tests, the server or its child programs (nmap, traceroute,
 * chromium…) make through the system resolver lands there and nowhere else; after the run, any question that is
 * not a test's deliberate probe of the system resolver (a name under `.system-resolver.test`) fails the run with
 * the list. Without root or `unshare` the tests run unguarded, and say so.
 * Usage: node --import tsx scripts/test-with-dns-guard.ts [vitest arguments]
 */
import { spawn, spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startDnsResponder } from '../test/tools/helpers/dns-responder.js';

const ROOT = resolve(import.meta.dirname, '..');
const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');
const WITH_RESOLV_CONF = join(ROOT, 'test', 'helpers', 'with-resolv-conf.mjs');
/** Names tests ask the system resolver on purpose (e.g. "DNS_SERVERS unset uses the system resolver"). */
const DELIBERATE = /\.system-resolver\.test$/i;

const vitestArgs = ['run', ...process.argv.slice(2)];

function canGuard(): string | null {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'needs root';
  if (process.env.EVERYST_DNS_GUARD === '0') return 'EVERYST_DNS_GUARD=0';
  const probe = spawnSync('unshare', ['--mount', '--propagation', 'private', '--', 'true']);
  return probe.status === 0 ? null : 'unshare --mount is not available';
}

/** Runs `command` in the foreground, passing on SIGINT/SIGTERM, so it never outlives this process; resolves with its exit code. */
function run(command: string, args: string[]): Promise<number> {
  const child = spawn(command, args, { stdio: 'inherit', cwd: ROOT });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward).on('SIGTERM', forward);
  return new Promise((done) => child.once('exit', (code, signal) => done(code ?? (signal ? 1 : 0))));
}

async function main(): Promise<number> {
  const unguarded = canGuard();
  if (unguarded) {
    console.log(`DNS guard: off (${unguarded}); lookups of the system resolver are not checked`);
    return run(process.execPath, [VITEST, ...vitestArgs]);
  }
  const responder = await startDnsResponder(new Map());
  const resolvConf = join(tmpdir(), `everyst-test-resolv-${process.pid}.conf`);
  writeFileSync(resolvConf, `nameserver ${responder.address}\noptions timeout:1 attempts:1\n`);
  console.log(`DNS guard: on — the tests' /etc/resolv.conf names only ${responder.address}, which records every question`);
  try {
    const code = await run('unshare', ['--mount', '--propagation', 'private', '--', process.execPath, WITH_RESOLV_CONF, resolvConf, process.execPath, VITEST, ...vitestArgs]);
    const leaked = responder.log.filter((q) => !DELIBERATE.test(q.split(' ')[0]));
    if (leaked.length === 0) {
      console.log(`DNS guard: no lookup went to the system resolver (${responder.log.length} deliberate)`);
      return code;
    }
    const byName = new Map<string, number>();
    for (const q of leaked) byName.set(q.split(' ')[0], (byName.get(q.split(' ')[0]) ?? 0) + 1);
    console.log(`DNS guard: ${leaked.length} lookups of ${byName.size} names went to the system resolver instead of DNS_SERVERS (a test or the server resolved a name behind the tests' back):`);
    for (const [name, count] of [...byName].slice(0, 50)) console.log(`  ${name} (${count}×; e.g. ${leaked.find((q) => q.startsWith(`${name} `))})`);
    return code || 1;
  } finally {
    await responder.close();
    rmSync(resolvConf, { force: true });
  }
}

process.exitCode = await main();
