import { describe, expect, it } from 'vitest';
import { checkFirewall } from '../../src/system/security/checks/firewall.js';
import { checkRebootRequired } from '../../src/system/security/checks/reboot-required.js';
import { createFixtureReader } from '../../src/system/security/fixture-reader.js';
import { loadFixtureHost } from './fixture-host.js';

const reader = (files: Record<string, string>) => createFixtureReader({ files });

describe('firewall', () => {
  it('passes with iptables tables loaded (fixture host-a)', async () => {
    const check = await checkFirewall(await loadFixtureHost('host-a'));
    expect(check).toMatchObject({
      id: 'firewall',
      status: 'pass',
      detail: 'iptables tables loaded: filter, nat, filter (IPv6)',
      evidence: { ip_tables: ['filter', 'nat'], ip6_tables: ['filter'] },
    });
  });

  it('passes when the nf_tables module is held by rules or expression modules', async () => {
    const check = await checkFirewall(
      reader({
        '/sys/module/nf_tables/refcnt': '4\n',
        '/sys/module/nf_tables/holders/nft_ct': '',
        '/proc/net/dev': '',
      }),
    );
    expect(check).toMatchObject({
      status: 'pass',
      detail: 'nftables rules loaded',
      evidence: { ip_tables: null, nf_tables: { loaded: true, refcnt: 4, holders: ['nft_ct'] } },
    });
  });

  it('warns when the tables are empty or nf_tables is loaded but unused', async () => {
    const empty = await checkFirewall(reader({ '/proc/net/ip_tables_names': '', '/proc/net/ip6_tables_names': '' }));
    expect(empty).toMatchObject({ status: 'warn', detail: 'No firewall tables found' });
    const idle = await checkFirewall(reader({ '/sys/module/nf_tables/refcnt': '0\n', '/proc/net/dev': '' }));
    expect(idle).toMatchObject({ status: 'warn', evidence: { nf_tables: { loaded: true, refcnt: 0 } } });
  });

  it('is unknown when /proc/net cannot be read at all', async () => {
    expect((await checkFirewall(reader({}))).status).toBe('unknown');
  });
});

describe('reboot_required', () => {
  it('warns with the packages of reboot-required.pkgs, each once (fixture host-a)', async () => {
    const check = await checkRebootRequired(await loadFixtureHost('host-a'));
    expect(check).toMatchObject({
      id: 'reboot_required',
      title: 'Pending reboot',
      status: 'warn',
      detail: 'A reboot is required by linux-image-6.1.0-18-amd64, libc6',
      evidence: { present: true, packages: ['linux-image-6.1.0-18-amd64', 'libc6'] },
    });
  });

  it('warns without a package list', async () => {
    const check = await checkRebootRequired(reader({ '/var/run/reboot-required': '' }));
    expect(check).toMatchObject({ status: 'warn', detail: 'A reboot is required' });
  });

  it('passes on Debian without the marker, and is unknown where no marker is ever written', async () => {
    expect(await checkRebootRequired(reader({ '/etc/debian_version': '12.5\n' }))).toMatchObject({
      status: 'pass',
      detail: 'No reboot pending',
    });
    expect((await checkRebootRequired(reader({ '/etc/fedora-release': 'Fedora 40' }))).status).toBe('unknown');
  });
});
