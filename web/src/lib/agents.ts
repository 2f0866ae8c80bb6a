import { api } from './api.ts';
import type { Page } from './types.ts';

/** An agent of docs/agents.md: another host that sends its metrics to this server. */
export interface Agent {
  id: string;
  name: string;
  hostname: string | null;
  token_set: boolean;
  last_seen_at: string | null;
  online: boolean;
  version: string | null;
  os: string | null;
  tags: string[];
}

/** The answer to registering an agent or rotating its token: the token is in it this once. */
export type AgentWithToken = Agent & { token: string };

export async function loadAgents(signal?: AbortSignal): Promise<Agent[]> {
  return (await api<Page<Agent>>('agents/?page_size=500', { signal })).results;
}

export const registerAgent = (body: { name: string; tags: string[] }) => api<AgentWithToken>('agents/', { method: 'POST', body });
export const updateAgent = (id: string, body: { name?: string; tags?: string[] }) => api<Agent>(`agents/${id}/`, { method: 'PATCH', body });
export const rotateAgentToken = (id: string) => api<AgentWithToken>(`agents/${id}/rotate-token/`, { method: 'POST', body: {} });
export const deleteAgent = (id: string) => api<void>(`agents/${id}/`, { method: 'DELETE' });

/** The command that starts the agent on the other host, with the token in a file only its user reads. */
export function agentCommand(serverUrl: string): string {
  return `everyst agent --server ${serverUrl} --token-file /etc/everyst/agent.token`;
}
