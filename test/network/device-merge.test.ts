import { describe, expect, it } from 'vitest';
import { identifyHosts } from '../../src/modules/network/device-identity.js';
import { defaultLabel, mergeObserved, type MergeContext } from '../../src/modules/network/device-merge.js';
import type { Device } from '../../src/modules/network/devices.repository.js';
import type { HostObservation } from '../../src/modules/network/scan-observations.js';

const NOW = '2025-07-27T10:00:00.000Z';
const ctx: MergeContext = { scanId: 'scan-2', now: NOW, isDefaultGateway: false, isServerHub: false, serverHostname: 'everyst-host' };

function device(fields: Partial<Device>): Device {
  return {
    id: 'd1', label: 'Other-5', type: 'other', ip: '192.168.1.5', mac: null, hostname: null, hostnameSource: null, vendor: null,
    macRandomized: false, status: 'online', firstSeen: '2025-01-01T00:00:00.000Z', lastSeen: '2025-07-01T00:00:00.000Z', missedScans: 1,
    isIgnored: false, isManuallyAdded: false, pinnedFields: [], tags: [], metadata: {}, createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-07-01T00:00:00.000Z', reviewed: true, groups: [], ...fields,
  };
}

function host(fields: Partial<HostObservation>): HostObservation {
  return { ip: '192.168.1.5', mac: null, vendor: null, macRandomized: false, latencyMs: 0.4, isThisServer: false, interfaceName: 'eth0', names: {}, ...fields };
}

describe('device identity (scanner.md §6.1)', () => {
  it('matches by MAC first, then by IP among devices without a MAC, most recently seen first', () => {
    const byMac = device({ id: 'mac', mac: 'aa:aa:aa:aa:aa:01', ip: '192.168.1.99' });
    const old = device({ id: 'old', ip: '192.168.1.6', lastSeen: '2025-01-01T00:00:00.000Z' });
    const recent = device({ id: 'recent', ip: '192.168.1.6', lastSeen: '2025-06-01T00:00:00.000Z' });
    const ids = identifyHosts([host({ mac: 'aa:aa:aa:aa:aa:01' }), host({ ip: '192.168.1.6' })], [byMac, old, recent]);
    expect(ids.map((i) => [i.deviceId, i.existing?.id, i.primary])).toEqual([['mac', 'mac', true], ['recent', 'recent', true]]);
  });

  it('a device found by IP whose MAC differs is another device: a new one is created', () => {
    const stored = device({ id: 'phone', mac: 'aa:aa:aa:aa:aa:01' });
    const [identity] = identifyHosts([host({ mac: 'bb:bb:bb:bb:bb:02' })], [stored]);
    expect(identity.existing).toBeNull();
    expect(identity.deviceId).not.toBe('phone');
  });

  it('one MAC on two addresses is one device, merged once', () => {
    const ids = identifyHosts([host({ ip: '10.0.0.1', mac: 'cc:cc:cc:cc:cc:03' }), host({ ip: '10.0.0.2', mac: 'cc:cc:cc:cc:cc:03' })], []);
    expect(ids[0].deviceId).toBe(ids[1].deviceId);
    expect(ids.map((i) => i.primary)).toEqual([true, false]);
  });
});

describe('merge rules (scanner.md §5.4, §6.2)', () => {
  it('a new device: online, first seen now, label from type and last octet, scanner metadata', () => {
    const { device: d, isNew, changed } = mergeObserved('n1', null, host({ mac: '00:1b:21:00:00:01', vendor: 'Intel Corporate', ports: [{ port: 22, protocol: 'tcp', service: 'ssh', state: 'open' }, { port: 443, protocol: 'tcp', service: 'https', state: 'open' }] }), ctx);
    expect([isNew, changed]).toEqual([true, true]);
    expect(d).toMatchObject({
      id: 'n1', label: 'Server-5', type: 'server', status: 'online', firstSeen: NOW, lastSeen: NOW, missedScans: 0, mac: '00:1b:21:00:00:01', vendor: 'Intel Corporate',
      metadata: { latency_ms: 0.4, last_scan_id: 'scan-2', ports: [{ port: 22 }, { port: 443 }] },
    });
  });

  it('keeps pins, tags, ignore state, other metadata and an earlier name; never downgrades the type', () => {
    const stored = device({
      label: 'My NAS', type: 'server', hostname: 'nas.lan', hostnameSource: 'rdns', pinnedFields: ['label'], tags: ['storage'], isIgnored: true,
      status: 'offline', metadata: { rack: 3, ports: [{ port: 22 }], os: 'Linux 5.X' },
    });
    const r = mergeObserved(stored.id, stored, host({ ports: [] }), ctx);
    expect(r.device).toMatchObject({
      label: 'My NAS', type: 'server', hostname: 'nas.lan', hostnameSource: 'rdns', tags: ['storage'], isIgnored: true, status: 'online',
      metadata: { rack: 3, ports: [], os: 'Linux 5.X', last_scan_id: 'scan-2' }, firstSeen: stored.firstSeen,
    });
    expect(r.cameBackOnline).toBe(true);
  });

  it('a found name replaces the label unless pinned; a pinned hostname stays', () => {
    const named = mergeObserved('d1', device({}), host({ names: { mdns_name: 'printer.local', netbios_name: 'PRN' } }), ctx).device;
    expect(named).toMatchObject({ hostname: 'printer.local', hostnameSource: 'mdns', label: 'printer.local', metadata: { mdns_name: 'printer.local', netbios_name: 'PRN' } });
    const pinned = mergeObserved('d1', device({ hostname: 'mine', hostnameSource: 'user', pinnedFields: ['hostname', 'type'], type: 'switch' }),
      host({ names: { rdns_name: 'other.lan' }, osClassTypes: ['router'] }), ctx).device;
    expect(pinned).toMatchObject({ hostname: 'mine', hostnameSource: 'user', type: 'switch', label: 'mine', metadata: { rdns_name: 'other.lan' } });
  });

  it('labels the default gateway "Main Gateway" and the server hub with the host name', () => {
    expect(mergeObserved('g', null, host({ ip: '192.168.1.1' }), { ...ctx, isDefaultGateway: true }).device).toMatchObject({ type: 'router', label: 'Main Gateway' });
    expect(mergeObserved('s', null, host({ isThisServer: true }), { ...ctx, isServerHub: true }).device)
      .toMatchObject({ type: 'server', label: 'everyst-host', metadata: { is_this_server: true } });
    expect(defaultLabel('other', 'fd00::1:23')).toBe('Other-23');
  });
});
