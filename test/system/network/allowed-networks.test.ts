import { describe, expect, it } from 'vitest';
import { TargetResolver } from '../../../src/modules/network/scan-targets.js';
import { realScannerSystem } from '../../../src/modules/network/scan-system.js';
import { AllowedNetworkSet } from '../../../src/system/network/allowed-networks.js';
import { IpNetwork } from '../../../src/system/network/ip-network.js';
import { ScanTargetError } from '../../../src/system/network/targets.js';
import { recordingRunner, spiedService } from '../../tools/helpers/service.js';

describe('the allowed-network set', () => {
  it('answers for addresses and networks, by the union of its networks', () => {
    const set = new AllowedNetworkSet(['127.213.0.0/16', '10.213.5.1', '10.213.6.0/25', '10.213.6.128/25', '::1/128'], () => []);
    const verdicts = ['127.213.200.1', '127.214.0.1', '10.213.5.1', '10.213.5.2', '::1', '::2', 'not an address'].map((a) => set.contains(a));
    expect(verdicts).toEqual([true, false, true, false, true, false, false]);
    // Two halves cover the whole /24; a /24 reaching past them is refused.
    expect(set.contains(IpNetwork.parse('10.213.6.0/24')!)).toBe(true);
    expect(set.contains(IpNetwork.parse('10.213.5.0/24')!)).toBe(false);
  });

  it('without a configured list: the defaults plus the host networks, read on every question', () => {
    let own: string[] = [];
    const set = new AllowedNetworkSet(null, () => own);
    expect([set.contains('127.0.0.1'), set.contains('192.0.2.7'), set.configuredNetworks()]).toEqual([true, false, null]);
    own = ['192.0.2.0/24'];
    expect(set.contains('192.0.2.7')).toBe(true);
  });
});

/** The verdict of the nmap tool and of a scan request for one target, under the same SCAN_ALLOWED_NETWORKS. */
async function verdicts(allowedNetworks: string[] | null, target: string) {
  const { service } = spiedService({ allowedNetworks: allowedNetworks ?? undefined, runProcess: recordingRunner().run });
  const tool = await service.runTool('nmap', { target }, { userId: 1 }).then(
    () => 'allowed',
    (error: { extra?: Record<string, string[]> }) => (error.extra?.target?.[0]?.endsWith('outside the allowed networks.') ? 'refused' : 'invalid'),
  );
  const resolver = new TargetResolver({ allowedNetworks, excludeInterfaces: [], maxHosts: 1024 }, realScannerSystem());
  let scan = 'allowed';
  try {
    resolver.explicit(target);
  } catch (error) {
    if (!(error instanceof ScanTargetError)) throw error;
    scan = error.message.endsWith('outside the allowed networks.') ? 'refused' : 'invalid';
  }
  return { tool, scan };
}

describe('the tools and the scanner decide alike', () => {
  const cases: [string[] | null, string][] = [
    [['10.213.7.0/24'], '10.213.7.9'],
    [['10.213.7.0/24'], '10.213.8.9'],
    [['10.213.7.0/25', '10.213.7.128/25'], '10.213.7.0/24'],
    [['10.213.7.0/25'], '10.213.7.0/24'],
    [null, '127.0.0.1'],
    [null, '192.0.2.1'],
    // An empty list is "unset" for both (the tools used to allow nothing).
    [[], '127.0.0.1'],
    [['::1/128'], '::ffff:127.0.0.1'],
  ];

  it.each(cases)('allowed %j, target %s', async (allowed, target) => {
    const { tool, scan } = await verdicts(allowed, target);
    expect(tool).toBe(scan);
  });
});
