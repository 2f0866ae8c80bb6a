import { chmodSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { rawSocketsOf } from '../../../src/modules/network/scan-system.js';
import { findBinary } from '../../../src/system/network/binaries.js';
import { capabilitiesOutsideBoundingSet, parseGetcap, readFileCapabilities, type Capabilities } from '../../../src/system/network/capabilities.js';

const NONE: Capabilities = { root: false, netRaw: false, netAdmin: false, privileged: false, noNewPrivileges: false };

describe('file capabilities (getcap)', () => {
  it('parses current and older getcap output; only permitted + effective capabilities count', () => {
    const caps = parseGetcap([
      '/usr/bin/nmap cap_net_bind_service,cap_net_admin,cap_net_raw=eip',
      '/usr/bin/fping cap_net_raw=ep',
      '/usr/sbin/arp-scan = cap_net_raw+ep',
      '/opt/inheritable-only cap_net_raw,cap_net_admin=i',
      '/opt/permitted-only cap_net_raw=p',
      '',
    ].join('\n'));
    expect(Object.fromEntries(caps)).toEqual({
      '/usr/bin/nmap': { netRaw: true, netAdmin: true, names: ['cap_net_admin', 'cap_net_bind_service', 'cap_net_raw'] },
      '/usr/bin/fping': { netRaw: true, netAdmin: false, names: ['cap_net_raw'] },
      '/usr/sbin/arp-scan': { netRaw: true, netAdmin: false, names: ['cap_net_raw'] },
      '/opt/inheritable-only': { netRaw: false, netAdmin: false, names: [] },
      '/opt/permitted-only': { netRaw: false, netAdmin: false, names: [] },
    });
  });

  const skip = process.getuid?.() !== 0 ? 'setting file capabilities needs root' : !findBinary('setcap') ? 'setcap is not installed (libcap2-bin)' : null;
  if (skip) console.warn(`[skip] file capabilities on copies: ${skip}`);
  describe.skipIf(skip !== null)(`on copies of the programs${skip ? ` (skipped: ${skip})` : ''}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'everyst-caps-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const copy = (name: string, caps: string | null) => {
      const path = join(dir, name);
      copyFileSync(findBinary('nmap')!, path);
      chmodSync(path, 0o755);
      if (caps) execFileSync('setcap', [caps, path]);
      return path;
    };

    it('reads what setcap gave each copy, none for a copy without', () => {
      const nmap = copy('nmap', 'cap_net_raw,cap_net_admin,cap_net_bind_service+eip');
      const arpScan = copy('arp-scan', 'cap_net_raw+eip');
      const plain = copy('plain', null);
      expect(Object.fromEntries(readFileCapabilities([nmap, arpScan, plain]))).toEqual({
        [nmap]: { netRaw: true, netAdmin: true, names: ['cap_net_admin', 'cap_net_bind_service', 'cap_net_raw'] },
        [arpScan]: { netRaw: true, netAdmin: false, names: ['cap_net_raw'] }, [plain]: { netRaw: false, netAdmin: false, names: [] },
      });
      expect(readFileCapabilities([nmap], null).get(nmap)).toEqual({ netRaw: false, netAdmin: false, names: [] });
    });

    it('gives nmap and arp-scan raw sockets with a file CAP_NET_RAW; not under NoNewPrivileges', () => {
      const binaries = { nmap: copy('nmap-raw', 'cap_net_raw+eip'), 'arp-scan': copy('arp', 'cap_net_raw+eip'), fping: null, ip: null, ping: null, traceroute: null };
      expect(rawSocketsOf(NONE, binaries)).toEqual({ nmap: true, 'arp-scan': true });
      expect(rawSocketsOf({ ...NONE, noNewPrivileges: true }, binaries)).toEqual({ nmap: false, 'arp-scan': false });
      expect(rawSocketsOf({ ...NONE, privileged: true }, { ...binaries, nmap: copy('nmap-none', null) })).toEqual({ nmap: true, 'arp-scan': true });
      expect(rawSocketsOf(NONE, { ...binaries, nmap: copy('nmap-inheritable', 'cap_net_raw+i') }).nmap).toBe(false);
    });

    it('names the file capabilities a bounding set lacks (the program could not be executed)', () => {
      const status = (bnd: string) => `Uid:\t999\t999\t999\t999\nCapBnd:\t${bnd}\n`;
      const file = { netRaw: true, netAdmin: true, names: ['cap_net_admin', 'cap_net_raw', 'cap_sys_time'] };
      expect(capabilitiesOutsideBoundingSet(file, status('000001ffffffffff'))).toEqual([]);
      // Docker's default set: no CAP_NET_ADMIN (bit 12).
      expect(capabilitiesOutsideBoundingSet(file, status('00000000a80425fb'))).toEqual(['cap_net_admin']);
    });
  });
});
