import type { RouteDef } from '../../http/routes.js';
import { connectionsRoutes } from './connections.routes.js';
import { devicesRoutes } from './devices.routes.js';
import { inventoryRoutes } from './inventory.routes.js';
import type { NetworkServices } from './network.module.js';
import { interfacesSchema, topologySchema } from './network.schemas.js';
import { scansRoutes } from './scans.routes.js';
import { schedulesRoutes } from './schedules.routes.js';

export interface NetworkRouteOptions {
  /** TRUST_PROXY: page links honour X-Forwarded-*. */
  trustProxy: boolean;
}

/** rest.md §8: devices, connections, scans, topology and interfaces; docs/inventory.md: schedules, history, groups, export. */
export function networkRoutes(network: NetworkServices, options: NetworkRouteOptions): RouteDef[] {
  const tags = ['network'];
  return [
    ...devicesRoutes(network, options),
    ...inventoryRoutes(network, options),
    ...connectionsRoutes(network, options),
    ...scansRoutes(network, options),
    ...schedulesRoutes(network, options),
    {
      method: 'GET', path: 'network/topology', permission: 'any', tags, summary: 'Devices, connections and scan state for the map',
      schema: topologySchema, handler: async () => network.topology.topology(),
    },
    {
      method: 'GET', path: 'network/interfaces', permission: 'any', tags, summary: 'Host interfaces and routes',
      schema: interfacesSchema, handler: async () => network.interfaces(),
    },
  ];
}
