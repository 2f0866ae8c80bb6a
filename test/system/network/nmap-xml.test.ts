import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { osClassTypes, osMetadata, portsMetadata } from '../../../src/system/network/nmap-metadata.js';
import { lastTaskProgress, parseNmapXml } from '../../../src/system/network/nmap-xml.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/nmap/${name}`, import.meta.url), 'utf8');

describe('parseNmapXml on recorded runs', () => {
  it('basic scan of two namespace hosts: addresses, MACs and open ports only', () => {
    const run = parseNmapXml(fixture('basic.xml'));
    expect(run.exit).toBe('success');
    expect(run.hosts.map((h) => [h.ip, h.family, h.status, h.mac])).toEqual([
      ['10.213.190.10', 4, 'up', '00:1b:21:aa:00:10'],
      ['10.213.190.11', 4, 'up', '02:00:5e:10:00:11'],
    ]);
    expect(run.hosts[0].ports).toHaveLength(20);
    expect(portsMetadata(run.hosts[0])).toEqual([
      { port: 22, protocol: 'tcp', service: 'ssh', state: 'open' },
      { port: 80, protocol: 'tcp', service: 'http', state: 'open' },
    ]);
    expect(portsMetadata(run.hosts[1])).toEqual([{ port: 3389, protocol: 'tcp', service: 'ms-wbt-server', state: 'open' }]);
    expect(osMetadata(run.hosts[0])).toBeNull();
  });

  it('intense scan: service products and versions, best OS match and class', () => {
    const [host] = parseNmapXml(fixture('intense.xml')).hosts;
    expect(portsMetadata(host)).toEqual([
      { port: 22, protocol: 'tcp', service: 'ssh', state: 'open', product: 'OpenSSH', version: '9.2p1 Debian 2+deb12u3' },
      { port: 80, protocol: 'tcp', service: 'http', state: 'open', product: 'nginx', version: '1.22.1' },
    ]);
    expect(osMetadata(host)).toEqual({ os: 'Linux 5.3 - 5.4', os_accuracy: 96, os_family: 'Linux' });
    expect(host.osMatches.length).toBeGreaterThan(1);
    expect(osClassTypes(host)).toEqual(['general purpose']);
    expect(host.macVendor).toBe('Intel Corporate');
  });

  it('full scan: scripts and traceroute hops', () => {
    const [host] = parseNmapXml(fixture('full.xml')).hosts;
    expect(portsMetadata(host).map((p) => p.port)).toEqual([22, 80]);
    expect(host.trace).toEqual([{ ttl: 1, ip: '10.213.190.10', rttMs: 0.08 }]);
    expect(host.hostnames).toEqual([]);
  });

  it('a host name from service detection', () => {
    const [host] = parseNmapXml(fixture('service-hostname.xml')).hosts;
    expect(host.hostnames).toEqual(['mail.everyst.test']);
    expect(portsMetadata(host)).toEqual([{ port: 25, protocol: 'tcp', service: 'smtp', state: 'open', product: 'Postfix smtpd' }]);
  });

  it('IPv6 loopback run', () => {
    const [host] = parseNmapXml(fixture('basic-ipv6-loopback.xml')).hosts;
    expect([host.ip, host.family, host.mac]).toEqual(['::1', 6, null]);
  });

  it('refuses text that is not nmap output', () => {
    expect(() => parseNmapXml('<html><body>no</body></html>')).toThrow('Not nmap XML output');
  });
});

describe('lastTaskProgress', () => {
  it('takes the last percentage of a streamed chunk', () => {
    const full = fixture('full.xml');
    expect(lastTaskProgress(full)).toBe(99.65);
    expect(lastTaskProgress('<taskprogress task="SYN Stealth Scan" time="1" percent="12.50" remaining="3"/>')).toBe(12.5);
    expect(lastTaskProgress('<host starttime="1">')).toBeNull();
  });
});
