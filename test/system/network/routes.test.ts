import { describe, expect, it } from 'vitest';
import { parseCapabilities } from '../../../src/system/network/capabilities.js';
import { defaultGateways, parseIpv4Routes, parseIpv6Routes } from '../../../src/system/network/routes.js';

// Recorded from a host with an IPv4 default route, a ULA prefix and an IPv6 default route.
const PROC_NET_ROUTE = `Iface	Destination	Gateway 	Flags	RefCnt	Use	Metric	Mask		MTU	Window	IRTT
eth0	00000000	010200C0	0003	0	0	100	00000000	0	0	0
eth0	000200C0	00000000	0001	0	0	0	00FFFFFF	0	0	0
wlan0	00000000	0132A8C0	0003	0	0	600	00000000	0	0	0
eth0	0000D50A	00000000	0201	0	0	0	0000FFFF	0	0	0
`;
const PROC_NET_IPV6_ROUTE = `fd000000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0
00000000000000000000000000000000 00 00000000000000000000000000000000 00 fd000000000000000000000000000001 00000400 00000002 00000000 00000003     eth0
00000000000000000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000002 00000000 80200001       lo
ff000000000000000000000000000000 08 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000003 00000000 00000001     eth0
00000000000000000000000000000000 00 00000000000000000000000000000000 00 00000000000000000000000000000000 ffffffff 00000001 00000000 00200200       lo
`;

describe('routes from /proc', () => {
  it('decodes IPv4 routes (little-endian hex) and skips reject routes', () => {
    expect(parseIpv4Routes(PROC_NET_ROUTE)).toEqual([
      { family: 'inet', destination: '0.0.0.0/0', gateway: '192.0.2.1', interface: 'eth0', metric: 100 },
      { family: 'inet', destination: '192.0.2.0/24', gateway: null, interface: 'eth0', metric: 0 },
      { family: 'inet', destination: '0.0.0.0/0', gateway: '192.168.50.1', interface: 'wlan0', metric: 600 },
    ]);
  });

  it('decodes IPv6 routes and skips local and unreachable entries', () => {
    expect(parseIpv6Routes(PROC_NET_IPV6_ROUTE)).toEqual([
      { family: 'inet6', destination: 'fd00::/64', gateway: null, interface: 'eth0', metric: 256 },
      { family: 'inet6', destination: '::/0', gateway: 'fd00::1', interface: 'eth0', metric: 1024 },
      { family: 'inet6', destination: 'ff00::/8', gateway: null, interface: 'eth0', metric: 256 },
    ]);
  });

  it('picks the default gateway with the lowest metric per family', () => {
    const routes = [...parseIpv4Routes(PROC_NET_ROUTE), ...parseIpv6Routes(PROC_NET_IPV6_ROUTE)];
    expect(defaultGateways(routes)).toEqual({
      ipv4: { address: '192.0.2.1', interface: 'eth0' },
      ipv6: { address: 'fd00::1', interface: 'eth0' },
    });
    expect(defaultGateways([])).toEqual({ ipv4: null, ipv6: null });
  });
});

describe('capabilities from /proc/self/status', () => {
  const status = (uid: number, eff: string, amb = '0000000000000000') =>
    `Name:\tnode\nUid:\t${uid}\t${uid}\t${uid}\t${uid}\nCapInh:\t0000000000000000\nCapPrm:\t${eff}\nCapEff:\t${eff}\nCapAmb:\t${amb}\n`;

  it('root with a full set is privileged', () => {
    expect(parseCapabilities(status(0, '000001fffeffffff'))).toEqual({ root: true, netRaw: true, netAdmin: true, privileged: true, noNewPrivileges: false });
  });

  it('an ordinary user is not', () => {
    expect(parseCapabilities(status(1000, '0000000000000000'))).toEqual({ root: false, netRaw: false, netAdmin: false, privileged: false, noNewPrivileges: false });
  });

  it('a service user with ambient CAP_NET_RAW + CAP_NET_ADMIN is', () => {
    expect(parseCapabilities(status(999, '0000000000003000', '0000000000003000')).privileged).toBe(true);
    expect(parseCapabilities(status(999, '0000000000003000')).privileged).toBe(false);
  });

  it('reads NoNewPrivs, under which exec ignores file capabilities', () => {
    expect(parseCapabilities(`${status(999, '0')}NoNewPrivs:\t1\n`).noNewPrivileges).toBe(true);
    expect(parseCapabilities(`${status(999, '0')}NoNewPrivs:\t0\n`).noNewPrivileges).toBe(false);
  });
});
