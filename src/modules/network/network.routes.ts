import type { AppContext } from '../../context.js';
import type { RouteDef } from '../../http/routes.js';
import { connectionsRoutes } from './connections.routes.js';
import { devicesRoutes } from './devices.routes.js';
import { scansRoutes } from './scans.routes.js';

/** rest.md §8: devices, connections, scans, topology and interfaces. */
export function networkRoutes(ctx: AppContext): RouteDef[] {
  const network = ctx.services.network;
  const tags = ['network'];
  return [
    ...devicesRoutes(ctx),
    ...connectionsRoutes(ctx),
    ...scansRoutes(ctx),
    { method: 'GET', path: 'network/topology', permission: 'any', tags, summary: 'Devices, connections and scan state for the map', handler: async () => network.topology.topology() },
    { method: 'GET', path: 'network/interfaces', permission: 'any', tags, summary: 'Host interfaces and routes', handler: async () => network.interfaces() },
  ];
}
