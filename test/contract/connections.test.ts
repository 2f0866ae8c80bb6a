import { afterAll, beforeAll, describe, expect } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import { contract, createWorld, expectStatus, type Json, type World } from './harness.js';
import { expectPagination } from './pagination.js';
import {
  arrayOf, Connection, CONNECTION_ALIASES, expectAliases, expectError, expectInvalid, expectShape, nullable, oneOf, Page, PERMISSION_DENIED, Topology,
} from './shapes.js';

const SCAN_ENV = { SCAN_ALLOWED_NETWORKS: '127.0.0.1/32', SCAN_RESOLVE_NAMES: 'false' };

const Interfaces = {
  interfaces: arrayOf({
    name: 'string', index: 'integer', is_up: 'boolean', is_loopback: 'boolean',
    type: oneOf('ether', 'loopback', 'wireless', 'bridge', 'vlan', 'virtual', 'other'), mac: 'string?', mtu: 'integer', speed_mbps: 'number?',
    addresses: arrayOf({ family: oneOf('inet', 'inet6'), address: 'string', prefix_length: 'integer', cidr: 'string', scope: oneOf('global', 'link', 'host') }),
    rx_bytes: 'integer', tx_bytes: 'integer', rx_packets: 'integer', tx_packets: 'integer', rx_errors: 'integer', tx_errors: 'integer',
    rx_dropped: 'integer', tx_dropped: 'integer', is_default: 'boolean',
  }, { min: 1 }),
  routes: arrayOf({ family: oneOf('inet', 'inet6'), destination: 'string', gateway: 'string?', interface: 'string', metric: 'integer?' }),
  default_gateway: { ipv4: nullable({ address: 'string', interface: 'string' }), ipv6: nullable({ address: 'string', interface: 'string' }) },
  scan_networks: 'string[]',
};

describe.each(await databaseKinds())('connections, topology and interfaces (rest.md §8.4, §8.6) on %s', (kind) => {
  let w: World;
  const devices: Json[] = [];
  let connection: Json;
  beforeAll(async () => {
    w = await createWorld(kind, SCAN_ENV, ['manager', 'viewer']);
    for (const label of ['Router', 'Switch', 'Server', 'Hidden']) {
      devices.push((await w.raw('POST', '/api/network/devices/', { as: w.owner, body: { label } })).body);
    }
  });
  afterAll(() => w?.close());

  contract('POST network/connections/', async () => {
    const body = { source: devices[0].id, target: devices[1].id, label: 'uplink', packetLoss: 0.5, bandwidth: 1000 };
    const res = await w.call('POST network/connections/', { as: w.users.manager, body });
    expectStatus(res, 201);
    expectShape(res.body, Connection);
    expectAliases(res.body, CONNECTION_ALIASES);
    expect(res.body).toMatchObject({ type: 'wired', status: 'inactive', inferred: false, evidence: ['manual'], confidence: 1, packetLoss: 0.5, metadata: {} });
    connection = res.body;
    const dup = await w.call('POST network/connections/', { as: w.owner, body });
    expectStatus(dup, 400);
    expectError(dup.body, 'invalid', 'The fields source, target must make a unique set.', ['non_field_errors']);
    const missing = await w.call('POST network/connections/', { as: w.owner, body: { source: devices[0].id } });
    expectStatus(missing, 400);
    expectInvalid(missing.body, 'target');
    const denied = await w.call('POST network/connections/', { as: w.users.viewer, body: { source: devices[1].id, target: devices[2].id } });
    expectStatus(denied, 403);
    expectError(denied.body, 'permission_denied', PERMISSION_DENIED);
  });

  contract('GET network/connections/', async () => {
    await w.raw('POST', '/api/network/connections/', { as: w.owner, body: { source: devices[1].id, target: devices[2].id, packet_loss: 1 } });
    const res = await w.call('GET network/connections/', { as: w.users.viewer });
    expectStatus(res, 200);
    expectShape(res.body, Page(Connection));
    expect(res.body.count).toBe(2);
    const filtered = await w.call('GET network/connections/', { as: w.users.viewer, query: { device: devices[0].id } });
    expect(filtered.body.results.map((c: Json) => c.id)).toEqual([connection.id]);
    await expectPagination(w, 'GET network/connections/', { as: w.users.viewer });
  });

  contract('GET network/connections/{id}/', async () => {
    const res = await w.call('GET network/connections/{id}/', { params: { id: connection.id }, as: w.users.viewer });
    expectStatus(res, 200);
    expectShape(res.body, Connection);
    expectStatus(await w.call('GET network/connections/{id}/', { params: { id: 'x' }, as: w.owner }), 404);
  });

  contract('PATCH network/connections/{id}/', async () => {
    const res = await w.call('PATCH network/connections/{id}/', { params: { id: connection.id }, as: w.owner, body: { status: 'active', latency: 2.5 } });
    expectStatus(res, 200);
    expectShape(res.body, Connection);
    expect(res.body).toMatchObject({ status: 'active', latency: 2.5, label: 'uplink' });
  });

  contract('PUT network/connections/{id}/', async () => {
    const body = { source: devices[0].id, target: devices[2].id, type: 'wireless', status: 'warning' };
    const res = await w.call('PUT network/connections/{id}/', { params: { id: connection.id }, as: w.owner, body });
    expectStatus(res, 200);
    expectShape(res.body, Connection);
    expect(res.body).toMatchObject({ target: devices[2].id, type: 'wireless', status: 'warning', inferred: false });
  });

  contract('GET network/topology/', async () => {
    await w.raw('POST', `/api/network/devices/${devices[3].id}/ignore/`, { as: w.owner });
    const res = await w.call('GET network/topology/', { as: w.users.viewer });
    expectStatus(res, 200);
    expectShape(res.body, Topology);
    expect(res.body.devices.map((d: Json) => d.label).sort()).toEqual(['Router', 'Server', 'Switch']);
    expect(res.body.connections).toHaveLength(2);
    expect(res.body).toMatchObject({ lastScan: null, activeScanInProgress: false });
  });

  contract('GET network/interfaces/', async () => {
    const res = await w.call('GET network/interfaces/', { as: w.users.viewer });
    expectStatus(res, 200);
    expectShape(res.body, Interfaces);
    expect(res.body.interfaces.some((i: Json) => i.name === 'lo' && i.is_loopback && i.type === 'loopback')).toBe(true);
  });

  contract('DELETE network/connections/{id}/', async () => {
    const res = await w.call('DELETE network/connections/{id}/', { params: { id: connection.id }, as: w.users.manager });
    expectStatus(res, 204);
    expect(res.text).toBe('');
    expectStatus(await w.call('DELETE network/connections/{id}/', { params: { id: connection.id }, as: w.owner }), 404);
  });
});
