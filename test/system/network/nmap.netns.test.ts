import { afterAll, beforeAll, expect, it } from 'vitest';
import { MissingBinaryError } from '../../../src/system/network/binaries.js';
import { openTcpPorts, portsMetadata } from '../../../src/system/network/nmap-metadata.js';
import { runNmapScan } from '../../../src/system/network/nmap-run.js';
import { createTestNetwork, describeNetns, type TestNetwork } from '../../helpers/netns.js';

// Test network 10.213.111.0/24: an "SSH + web" host and a "remote desktop" host.
const SUBNET = 111;
const HTTP_REPLY = 'HTTP/1.0 200 OK\r\nServer: nginx/1.22.1\r\nContent-Length: 2\r\n\r\nok';

describeNetns('nmap port phase against namespace hosts (§3, §5.3)', () => {
  let net: TestNetwork;
  beforeAll(async () => {
    net = await createTestNetwork({
      subnet: SUBNET,
      hosts: [
        { octet: 10, mac: '00:1b:21:aa:11:10', listeners: [{ port: 22, banner: 'SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n' }, { port: 80, reply: HTTP_REPLY }] },
        { octet: 11, mac: '00:1b:21:aa:11:11', listeners: [{ port: 3389 }] },
      ],
    });
  });
  afterAll(async () => {
    await net?.destroy();
  });

  it('a basic scan finds the open ports of the listeners, with MACs', async () => {
    const progress: number[] = [];
    const result = await runNmapScan({
      hosts: net.hosts.map((h) => h.ip), scanType: 'basic', privileged: true, onProgress: (f) => progress.push(f),
    });
    expect(result.warnings).toEqual([]);
    expect(result.hosts.map((h) => [h.ip, h.mac, openTcpPorts(h)])).toEqual([
      ['10.213.111.10', '00:1b:21:aa:11:10', [22, 80]],
      ['10.213.111.11', '00:1b:21:aa:11:11', [3389]],
    ]);
    expect(progress.at(-1)).toBe(1);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('without privileges it uses connect scans and skips OS detection with a warning', async () => {
    const result = await runNmapScan({ hosts: ['10.213.111.11'], scanType: 'basic', includeOsDetection: true, privileged: false });
    expect(result.osDetection).toBe(false);
    expect(result.warnings).toEqual(['OS detection skipped: requires root or CAP_NET_RAW']);
    expect(openTcpPorts(result.hosts[0])).toEqual([3389]);
  });

  it('service detection reports product and version', async () => {
    const result = await runNmapScan({ hosts: ['10.213.111.10'], scanType: 'intense', includeOsDetection: false, privileged: true,
      signal: AbortSignal.timeout(50_000),
    });
    expect(portsMetadata(result.hosts[0])[0]).toEqual({
      port: 22, protocol: 'tcp', service: 'ssh', state: 'open', product: 'OpenSSH', version: '9.2p1 Debian 2+deb12u3',
    });
  }, 60_000);

  it('cancelling ends nmap', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const run = runNmapScan({ hosts: ['10.213.111.10'], scanType: 'full', privileged: true, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('Scan was cancelled by user')), 500);
    await expect(run).rejects.toThrow('Scan was cancelled by user');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a missing nmap names its Debian package', async () => {
    const error = await runNmapScan({ hosts: ['10.213.111.10'], scanType: 'basic', privileged: true, nmapPath: '/nonexistent/nmap' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingBinaryError);
    expect(error).toMatchObject({ binary: 'nmap', debianPackage: 'nmap' });
  });
});
