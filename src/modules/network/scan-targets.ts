import { createHash } from 'node:crypto';
import { validationError } from '../../errors.js';
import { AllowedNetworkSet } from '../../system/network/allowed-networks.js';
import { automaticTargets } from '../../system/network/auto-targets.js';
import { IpNetwork } from '../../system/network/ip-network.js';
import { ownNetworks } from '../../system/network/network-overview.js';
import {
  NO_SUBNETS_MESSAGE, resolveExplicitTargets, ScanTargetError, type TargetBlock,
} from '../../system/network/targets.js';
import type { ScannerSystem } from './scan-system.js';

export interface TargetSettings {
  /** `SCAN_ALLOWED_NETWORKS`; null = the defaults plus the host's own networks. */
  allowedNetworks: readonly string[] | null;
  excludeInterfaces: readonly string[];
  maxHosts: number;
}

/** §2.2 targets of a request: explicit `ip_range` items, or the host's interface networks. */
export class TargetResolver {
  private readonly allowed: AllowedNetworkSet;

  constructor(private readonly settings: TargetSettings, private readonly system: ScannerSystem) {
    this.allowed = new AllowedNetworkSet(settings.allowedNetworks, () => ownNetworks(system.interfaces()));
  }

  /** Throws ScanTargetError(`ip_range`, …) for a request the API refuses. */
  explicit(ipRange: string): string[] {
    return resolveExplicitTargets(ipRange, { allowed: this.allowed.networks(), maxHosts: this.settings.maxHosts }).cidrs;
  }

  /** `explicit` for a caller's request (a scan or a schedule): a refused range is a 400 on `ip_range`. */
  requested(ipRange: string): string[] {
    try {
      return this.explicit(ipRange);
    } catch (error) {
      if (error instanceof ScanTargetError && error.field) throw validationError({ ip_range: [error.message] });
      throw error;
    }
  }

  /** Automatic targets; an empty list when none is eligible (the scan then fails in its `targets` phase). */
  automatic(): string[] {
    try {
      return automaticTargets({
        interfaces: this.system.interfaces(), excludeInterfaces: this.settings.excludeInterfaces,
        configuredAllowed: this.allowed.configuredNetworks(), maxHosts: this.settings.maxHosts,
      }).cidrs;
    } catch (error) {
      if (error instanceof ScanTargetError && error.field === null) return [];
      throw error;
    }
  }

  /** The blocks a scan record stands for: its `ip_range` parsed again (ranges keep their edges), else its CIDRs. */
  blocksOf(scan: { ipRange: string | null; targets: readonly string[] }): TargetBlock[] {
    if (scan.ipRange) {
      return resolveExplicitTargets(scan.ipRange, { allowed: this.allowed.networks(), maxHosts: this.settings.maxHosts }).blocks;
    }
    if (scan.targets.length === 0) throw new ScanTargetError(null, NO_SUBNETS_MESSAGE);
    return scan.targets.map((cidr) => ({ network: IpNetwork.parse(cidr)!, includeEdges: false }));
  }
}

/** SHA-256 of the sorted, merged targets (models.md §3.4 `target_set_key`). */
export function targetSetKey(cidrs: readonly string[]): string {
  return createHash('sha256').update([...cidrs].sort().join(',')).digest('hex');
}
