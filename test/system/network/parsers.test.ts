import { describe, expect, it } from 'vitest';
import { parseArpScanOutput } from '../../../src/system/network/arp-scan.js';
import { decodeRecords as decodeMessage, encodeQuery } from '../../../src/system/network/dns/dns-message.js';
import { encodeName } from '../../../src/system/network/dns/dns-names.js';
import { TYPE_PTR } from '../../../src/system/network/dns/dns-types.js';
import { parseFpingOutput } from '../../../src/system/network/fping.js';
import { parseIpNeighJson, parseProcArp } from '../../../src/system/network/neighbours.js';
import { parseTracerouteOutput } from '../../../src/system/network/traceroute.js';

// Outputs recorded from runs against the test namespaces.
describe('program output parsers', () => {
  it('fping --alive --elapsed', () => {
    const out = '10.213.190.1 (0.031 ms)\n10.213.190.10 (0.115 ms)\nfd00::5 (1.20 ms)\nnot-an-ip (1 ms)\n';
    expect(Object.fromEntries(parseFpingOutput(out))).toEqual({ '10.213.190.1': 0.031, '10.213.190.10': 0.115, 'fd00::5': 1.2 });
  });

  it('arp-scan --plain --quiet', () => {
    const out = '10.213.190.10\t00:1b:21:aa:00:10\n10.213.190.11\t02:00:5E:10:00:11\n10.213.190.10\t00:1b:21:aa:00:99\n';
    expect(Object.fromEntries(parseArpScanOutput(out))).toEqual({ '10.213.190.10': '00:1b:21:aa:00:10', '10.213.190.11': '02:00:5e:10:00:11' });
  });

  it('/proc/net/arp: complete entries with a MAC only', () => {
    const table = `IP address       HW type     Flags       HW address            Mask     Device
10.213.190.254   0x1         0x2         00:1b:21:aa:00:fe     *        veth-evcf820
10.213.190.77    0x1         0x0         00:00:00:00:00:00     *        veth-evcf820
10.213.190.10    0x1         0x2         00:1b:21:aa:00:10     *        veth-evcf820
`;
    expect(Object.fromEntries(parseProcArp(table))).toEqual({ '10.213.190.254': '00:1b:21:aa:00:fe', '10.213.190.10': '00:1b:21:aa:00:10' });
  });

  it('ip -j neigh show: live states only', () => {
    const json = JSON.stringify([
      { dst: 'fd00::10', dev: 'eth0', lladdr: '00:1b:21:aa:00:10', state: ['REACHABLE'] },
      { dst: 'fd00::11', dev: 'eth0', lladdr: '00:1b:21:aa:00:11', state: ['STALE'] },
      { dst: 'fd00::12', dev: 'eth0', state: ['FAILED'] },
      { dst: 'fd00::13', dev: 'eth0', lladdr: '00:1b:21:aa:00:13', state: ['INCOMPLETE'] },
    ]);
    expect(Object.fromEntries(parseIpNeighJson(json))).toEqual({ 'fd00::10': '00:1b:21:aa:00:10', 'fd00::11': '00:1b:21:aa:00:11' });
    expect(parseIpNeighJson('').size).toBe(0);
  });

  it('traceroute -n -q 1', () => {
    const out = 'traceroute to 10.213.191.20 (10.213.191.20), 15 hops max, 60 byte packets\n 1  10.213.190.254  0.120 ms\n 2  *\n 3  10.213.191.20  0.899 ms\n';
    expect(parseTracerouteOutput(out)).toEqual(['10.213.190.254', null, '10.213.191.20']);
  });
});

describe('DNS wire format', () => {
  it('round-trips a query and survives malformed input', () => {
    const query = encodeQuery(7, encodeName('10.0.213.10.in-addr.arpa'), TYPE_PTR);
    expect(decodeMessage(query)).toEqual({ id: 7, flags: 0, answers: [] });
    const loop = Buffer.from([0, 1, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0xc0, 12]);
    expect(decodeMessage(loop)).toBeNull();
    expect(decodeMessage(Buffer.from([1, 2, 3]))).toBeNull();
  });
});
