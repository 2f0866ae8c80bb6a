import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Namespace } from 'socket.io';
import type { DB } from '../../db/tables.js';
import type { EventBus } from '../../realtime/bus.js';
import type { Module } from '../module.js';
import { AgentsRepository } from './agents.repository.js';
import { agentsRoutes } from './agents.routes.js';
import { AgentsService, type AgentNotices } from './agents.service.js';
import { agentConnections, attachAgentNamespace } from './agents.socket.js';

export interface AgentsDeps {
  db: Kysely<DB>;
  /** Samples go out as `agentSample`; online/offline as `notify` and the socket event `agent_status`. */
  bus: EventBus;
  logger: Logger;
  notices: AgentNotices;
  /** The `/agents` Socket.IO namespace of the gateway's server (its adapter reaches every instance). */
  namespace: Namespace;
  config: { offlineAfterSeconds: number; trustProxy: boolean };
}

/** Agents on other hosts (monitoring.md §6): registry, tokens, the `/agents` namespace and online state. */
export function createAgentsModule(deps: AgentsDeps): Module<AgentsService> {
  const offlineAfterMs = deps.config.offlineAfterSeconds * 1000;
  const agents = new AgentsService({
    repo: new AgentsRepository(deps.db), bus: deps.bus, notices: deps.notices, logger: deps.logger,
    connections: agentConnections(deps.namespace), offlineAfterMs,
  });
  attachAgentNamespace(deps.namespace, agents, deps.logger);
  // Contacts are written a few times per offline period, so silence is seen within about a quarter of it.
  const everyMs = Math.min(5000, Math.max(250, Math.floor(offlineAfterMs / 4)));
  return {
    service: agents,
    routes: agentsRoutes({ agents, trustProxy: deps.config.trustProxy }),
    jobs: [
      { name: 'agents-contact', everyMs, run: () => agents.flush() },
      { name: 'agents-silence', everyMs, run: () => agents.checkSilence(), cluster: true },
    ],
    onClose: () => agents.close(),
  };
}
