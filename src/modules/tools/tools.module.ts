import type { Module } from '../module.js';
import type { ToolLimitSettings } from './limits.js';
import { toolsRoutes } from './tools.routes.js';
import { LiveToolRuns } from './tools.socket.js';
import { ToolsService, type ToolRunLogger, type ToolsServiceOptions } from './tools.service.js';

export interface ToolsModuleDeps {
  /** TOOLS_MAX_CONCURRENT, TOOLS_MAX_PER_USER, TOOLS_RATE_PER_MINUTE, TOOLS_WHOIS_ENABLED (config.md §10). */
  config: ToolLimitSettings & { whoisEnabled: boolean };
  /** DNS_SERVERS (config.md §9); null = the system resolver. */
  dnsServers: string[] | null;
  /** SCAN_ALLOWED_NETWORKS; null = the defaults of scanner.md §2.2. */
  allowedNetworks: string[] | null;
  /** Each run is logged (tools.md §4). */
  logger: ToolRunLogger;
  /** Test seams (real implementations by default). */
  overrides?: Omit<ToolsServiceOptions, 'limits' | 'whoisEnabled' | 'dnsServers' | 'allowedNetworks' | 'logger'>;
}

/** The network diagnostic tools (`tools/<name>/`, tools.md), also as live runs over Socket.IO. */
export function createToolsModule(deps: ToolsModuleDeps): Module<ToolsService> {
  const { maxConcurrent, maxPerUser, ratePerMinute, whoisEnabled } = deps.config;
  const service = new ToolsService({
    ...deps.overrides,
    limits: { maxConcurrent, maxPerUser, ratePerMinute },
    whoisEnabled,
    dnsServers: deps.dnsServers ?? undefined,
    allowedNetworks: deps.allowedNetworks ?? undefined,
    logger: deps.logger,
  });
  const live = new LiveToolRuns(service);
  return { service, routes: toolsRoutes(service), socketEvents: live.events(), onClose: () => live.stopAll() };
}
