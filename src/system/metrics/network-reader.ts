import { networkInterfaces as osNetworkInterfaces } from 'node:os';
import { join } from 'node:path';
import { Expiring } from './expiring.js';
import { readNumber, readOptional, readValue, type TextReader } from './read-file.js';
import {
  interfaceAttributes,
  parseNetDev,
  privateIp,
  type InterfaceAddresses,
  type InterfaceAttributes,
  type InterfaceCounters,
} from './network.js';

/**
 * Interface attributes, addresses and the route table change rarely, and re-reading them every sample
 * cost about a third of its CPU time (os.networkInterfaces alone ~0.1 ms): re-read them at most this often.
 */
const ATTRIBUTE_TTL_MS = 10_000;

/** Reads /proc/net/dev every sample; the rest at most every 10 s. */
export class NetworkReader {
  private readonly attributes = new Map<string, Expiring<Promise<InterfaceAttributes>>>();
  private readonly route = new Expiring<Promise<string>>(ATTRIBUTE_TTL_MS);
  private readonly addressList = new Expiring<InterfaceAddresses>(ATTRIBUTE_TTL_MS);

  constructor(
    private readonly read: TextReader,
    private readonly procRoot: string,
    private readonly sysRoot: string,
    private readonly clock: () => number,
    private readonly listAddresses: () => InterfaceAddresses = osNetworkInterfaces,
  ) {}

  addresses(): InterfaceAddresses {
    return this.addressList.get(this.clock(), this.listAddresses);
  }

  async counters(): Promise<Map<string, InterfaceCounters>> {
    return parseNetDev((await this.read(join(this.procRoot, 'net/dev'))) ?? '');
  }

  async attributesOf(names: Iterable<string>): Promise<Map<string, InterfaceAttributes>> {
    const now = this.clock();
    const wanted = [...names];
    for (const name of this.attributes.keys()) if (!wanted.includes(name)) this.attributes.delete(name);
    const entries = await Promise.all(
      wanted.map(async (name) => {
        let cached = this.attributes.get(name);
        if (!cached) this.attributes.set(name, (cached = new Expiring(ATTRIBUTE_TTL_MS)));
        return [name, await cached.get(now, () => this.readAttributes(name))] as const;
      }),
    );
    return new Map(entries);
  }

  async privateIp(addresses: InterfaceAddresses): Promise<string> {
    const table = await this.route.get(this.clock(), async () => (await readOptional(join(this.procRoot, 'net/route'))) ?? '');
    return privateIp(table, addresses);
  }

  private async readAttributes(name: string): Promise<InterfaceAttributes> {
    const dir = join(this.sysRoot, 'class/net', name);
    const [flags, address, mtu, speed] = await Promise.all([
      readValue(join(dir, 'flags')),
      readValue(join(dir, 'address')),
      readNumber(join(dir, 'mtu')),
      readNumber(join(dir, 'speed')), // EINVAL on interfaces that are down
    ]);
    const operstate = flags === null ? await readValue(join(dir, 'operstate')) : null;
    return interfaceAttributes(name, { flags, address, mtu, speed, operstate });
  }
}
