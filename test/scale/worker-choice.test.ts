/** Which worker gets a scan: reach over the union of its networks, the default networks, load and draining. */
import { describe, expect, it } from 'vitest';
import type { InterfaceInfo } from '../../src/system/network/interfaces.js';
import { interfaceNetworks, reachesAll } from '../../src/worker/reach.js';
import { chooseWorker, type WorkerRegistration } from '../../src/worker/registry.js';

const worker = (name: string, networks: string[], running = 0, draining = false): WorkerRegistration => ({
  name, incarnation: `${name}-1`, host: 'h', pid: 1, networks, startedAt: '', running, draining,
});

describe('scan worker choice', () => {
  it('reaches a target covered by one network or by several together, never one only partly covered', () => {
    expect(reachesAll(['10.20.0.0/16'], ['10.20.5.0/24', '10.20.9.7'])).toBe(true);
    expect(reachesAll(['10.20.4.0/24', '10.20.5.0/24'], ['10.20.4.0/23'])).toBe(true);
    expect(reachesAll(['10.20.4.0/24'], ['10.20.4.0/23'])).toBe(false);
    expect(reachesAll(['10.20.0.0/16'], ['10.21.0.1'])).toBe(false);
    expect(reachesAll(['fd00:1::/64'], ['fd00:1::/120'])).toBe(true);
    expect(reachesAll(['10.0.0.0/8'], ['fd00:1::/120'])).toBe(false);
  });

  it('picks the least busy live worker that reaches every target and is not stopping', () => {
    const workers = [
      worker('far', ['192.168.0.0/24']),
      worker('busy', ['10.20.0.0/16'], 2),
      worker('idle', ['10.20.0.0/16'], 0),
      worker('stopping', ['10.20.0.0/16'], 0, true),
    ];
    expect(chooseWorker(workers, ['10.20.1.0/24'])?.name).toBe('idle');
    expect(chooseWorker(workers, ['10.20.1.0/24'], (w) => w.name === 'idle')?.name).toBe('busy');
    expect(chooseWorker(workers, ['10.20.1.0/24', '192.168.0.0/24'])).toBeNull();
    expect(chooseWorker([], ['10.20.1.0/24'])).toBeNull();
  });

  it("defaults WORKER_NETWORKS to the networks of the host's own global addresses", () => {
    const iface = (name: string, up: boolean, loopback: boolean, addresses: Array<[string, number, 'global' | 'link' | 'host']>) => ({
      name, is_up: up, is_loopback: loopback,
      addresses: addresses.map(([address, prefix_length, scope]) => ({
        family: address.includes(':') ? 'inet6' : 'inet', address, prefix_length, cidr: `${address}/${prefix_length}`, scope,
      })),
    }) as unknown as InterfaceInfo;
    expect(interfaceNetworks([
      iface('lo', true, true, [['127.0.0.1', 8, 'host'], ['::1', 128, 'host']]),
      iface('eth0', true, false, [['10.20.3.7', 16, 'global'], ['fe80::1', 64, 'link'], ['fd00:1::7', 64, 'global']]),
      iface('eth1', true, false, [['10.20.9.1', 16, 'global']]),
      iface('eth2', false, false, [['172.16.0.1', 24, 'global']]),
    ])).toEqual(['10.20.0.0/16', 'fd00:1::/64']);
  });
});
