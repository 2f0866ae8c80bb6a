import { wireTime } from '../../db/values.js';
import type { StoredAgent } from './agents.repository.js';

/** Agent of monitoring.md §6; the token itself only in the answer that created or rotated it. */
export function presentAgent(a: StoredAgent) {
  return {
    id: a.id, name: a.name, hostname: a.hostname, token_set: a.tokenSet, last_seen_at: wireTime(a.lastSeenAt),
    online: a.online, version: a.version, os: a.os, tags: a.tags,
  };
}

export type AgentView = ReturnType<typeof presentAgent>;
