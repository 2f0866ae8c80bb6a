import type { MetricsSnapshot } from '../../system/metrics/snapshot.js';

/**
 * What the metrics module reads of the agents (the agents module's service): the hosts they are, and their
 * newest metrics objects. Their samples themselves arrive on the bus (`agentSample`).
 */
export interface AgentHosts {
  hosts(): Promise<Array<{ id: string; name: string; online: boolean }>>;
  /** undefined: no such agent; null: it has sent nothing yet. */
  latest(id: string): Promise<{ snapshot: MetricsSnapshot; at: string } | null | undefined>;
  /** The newest metrics object of each agent connected to this instance. */
  connectedSamples(): Array<{ agentId: string; snapshot: MetricsSnapshot }>;
}

/** The socket room of an agent's live metrics (realtime audience `room`). */
export const agentMetricsRoom = (agentId: string) => `metrics:${agentId}`;
