import { describe, expect, it } from 'vitest';
import { IpNetwork } from '../../../src/system/network/ip-network.js';
import { dedupeConnections, inferAttachedNetwork, inferRoutedNetwork } from '../../../src/system/network/topology.js';

const network = IpNetwork.parse('10.213.50.0/24')!;
const hosts = [
  { deviceId: 'gw', ip: '10.213.50.254', latencyMs: 0.3 },
  { deviceId: 'self', ip: '10.213.50.1', latencyMs: 0.01 },
  { deviceId: 'nas', ip: '10.213.50.10', latencyMs: 0.5 },
];

describe('attached networks (§7)', () => {
  it('links every host to the default gateway; the server with stronger evidence', () => {
    const result = inferAttachedNetwork({ network, hosts, gatewayIps: ['10.213.50.254'], serverDeviceId: 'self' });
    expect(result.hub).toEqual({ deviceId: 'gw', kind: 'gateway' });
    expect(result.connections).toEqual([
      { source: 'gw', target: 'self', type: 'wired', status: 'active', latency: 0.01, inferred: true, evidence: ['default_gateway', 'local_route'], confidence: 0.9 },
      { source: 'gw', target: 'nas', type: 'wired', status: 'active', latency: 0.5, inferred: true, evidence: ['default_gateway', 'same_subnet'], confidence: 0.6 },
    ]);
  });

  it('infers nothing when the gateway of that network was not found', () => {
    const result = inferAttachedNetwork({ network, hosts: hosts.slice(1), gatewayIps: ['10.213.50.254'], serverDeviceId: 'self' });
    expect(result).toEqual({ hub: null, connections: [] });
  });

  it('makes the server the hub when no gateway lies in the network', () => {
    const result = inferAttachedNetwork({ network, hosts, gatewayIps: ['192.0.2.1', 'fd00::1'], serverDeviceId: 'self' });
    expect(result.hub).toEqual({ deviceId: 'self', kind: 'server' });
    expect(result.connections.map((c) => [c.source, c.target, c.evidence, c.confidence])).toEqual([
      ['self', 'gw', ['same_subnet', 'local_interface'], 0.5],
      ['self', 'nas', ['same_subnet', 'local_interface'], 0.5],
    ]);
  });

  it('has no hub without gateway or own address', () => {
    expect(inferAttachedNetwork({ network, hosts: hosts.slice(2), gatewayIps: [], serverDeviceId: null })).toEqual({ hub: null, connections: [] });
  });
});

describe('routed networks (§7)', () => {
  const routed = IpNetwork.parse('10.213.51.0/24')!;
  const deviceByIp = new Map([
    ['10.213.50.254', 'gw'], ['10.213.60.1', 'core'], ['10.213.51.20', 'web'], ['10.213.51.1', 'rtr-b'],
  ]);
  const live = [
    { deviceId: 'rtr-b', ip: '10.213.51.1', latencyMs: 1 },
    { deviceId: 'web', ip: '10.213.51.20', latencyMs: 2 },
    { deviceId: 'db', ip: '10.213.51.21', latencyMs: null },
  ];

  it('links consecutive known hops and the last hop before the network to every live host', () => {
    const result = inferRoutedNetwork({ network: routed, hops: ['10.213.50.254', '10.213.60.1', '10.213.51.20'], deviceByIp, hosts: live });
    expect(result.map((c) => [c.source, c.target, c.evidence, c.confidence, c.latency])).toEqual([
      ['gw', 'core', ['traceroute'], 0.8, null],
      ['core', 'web', ['traceroute'], 0.8, null],
      ['core', 'rtr-b', ['traceroute', 'same_subnet'], 0.5, 1],
      ['core', 'db', ['traceroute', 'same_subnet'], 0.5, null],
    ]);
  });

  it('does not link across a hop that did not answer', () => {
    const result = inferRoutedNetwork({ network: routed, hops: ['10.213.50.254', null, '10.213.51.20'], deviceByIp, hosts: live });
    expect(result.map((c) => [c.source, c.target])).toEqual([['gw', 'rtr-b'], ['gw', 'web'], ['gw', 'db']]);
  });

  it('infers nothing from an empty trace', () => {
    expect(inferRoutedNetwork({ network: routed, hops: [], deviceByIp, hosts: live })).toEqual([]);
  });

  it('dedupes unordered pairs keeping the most confident', () => {
    const a = { source: 'x', target: 'y', type: 'wired', status: 'active', latency: null, inferred: true, evidence: ['traceroute'], confidence: 0.8 } as const;
    const b = { ...a, source: 'y', target: 'x', evidence: ['traceroute', 'same_subnet'], confidence: 0.5 };
    expect(dedupeConnections([b, { ...a, evidence: [...a.evidence] }])).toEqual([{ ...a, evidence: ['traceroute'] }]);
  });
});
