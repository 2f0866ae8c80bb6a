/**
 * A DNS guard for tests that start child programs: each child runs in a private mount namespace whose
 * /etc/resolv.conf names only a recording loopback responder, so any lookup a child makes through the system
 * resolver lands in `log` (and nowhere else). Needs root (mount namespaces, port 53).
 */
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ProcessRunner } from '../../src/modules/tools/spawn.js';
import { startDnsResponder } from '../tools/helpers/dns-responder.js';

const WITH_RESOLV_CONF = join(import.meta.dirname, 'with-resolv-conf.mjs');

export interface ResolverGuard {
  /** The only nameserver guarded children know; it answers NXDOMAIN to everything. */
  address: string;
  /** Every question a guarded child asked, as `name TYPE-number protocol`. */
  log: string[];
  /** `runner`, with every program started inside the guarded mount namespace. */
  guard(runner: ProcessRunner): ProcessRunner;
  close(): Promise<void>;
}

export async function startResolverGuard(): Promise<ResolverGuard> {
  const responder = await startDnsResponder(new Map());
  const resolvConf = join(tmpdir(), `everyst-resolv-${randomBytes(4).toString('hex')}.conf`);
  await writeFile(resolvConf, `nameserver ${responder.address}\noptions timeout:1 attempts:1\n`);
  return {
    address: responder.address,
    log: responder.log,
    guard: (runner) => (spec) =>
      runner({
        ...spec,
        command: 'unshare',
        args: ['--mount', '--propagation', 'private', '--', process.execPath, WITH_RESOLV_CONF, resolvConf, spec.command, ...spec.args],
      }),
    close: async () => {
      await responder.close();
      await rm(resolvConf, { force: true });
    },
  };
}
