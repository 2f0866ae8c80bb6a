import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Principal } from '../../auth/permissions.js';
import { isUuid, nowIso } from '../../db/values.js';
import { notFound } from '../../errors.js';
import type { ListWindow, Listing } from '../../http/pagination.js';
import type { EventBus } from '../../realtime/bus.js';
import type { MetricsSnapshot } from '../../system/metrics/snapshot.js';
import { hashAgentToken, looksLikeAgentToken, newAgentToken } from './agent-tokens.js';
import type { AgentsRepository, StoredAgent } from './agents.repository.js';
import { presentAgent, type AgentView } from './agents.presenter.js';
import { validateAgent } from './agents.validation.js';
import { parseAgentSample } from './sample-shape.js';

/** Offline and back-online notices go to holders of `can_manage_monitors` (monitoring.md §6). */
export interface AgentNotices {
  createForFlag(flag: 'can_manage_monitors', n: { title: string; message: string; type: 'warning' | 'success'; source: string }): Promise<unknown>;
}

/** Ends the `/agents` connections of an agent on every instance (token rotated or agent deleted). */
export interface AgentConnections {
  disconnect(agentId: string): void;
}

/** What the agent says of itself when it connects (handshake `auth`). */
export interface AgentHello { hostname?: string; version?: string; os?: string; name?: string }

export interface AgentsServiceDeps {
  repo: AgentsRepository;
  bus: EventBus;
  notices: AgentNotices;
  connections: AgentConnections;
  logger: Logger;
  offlineAfterMs: number;
}

/** An agent host as the metrics routes list it. */
export interface AgentHost { id: string; name: string; online: boolean }

/** What this instance knows of an agent connected to it. */
interface LiveState {
  /** Epoch ms of the newest accepted sample: anything not newer is a repeat. */
  newestSampleMs: number;
  latest: { snapshot: MetricsSnapshot; at: string } | null;
  seenAt: string | null;
  /** Seen since the last write of `last_seen_at`. */
  dirty: boolean;
  /** Its open connections here (a reconnect may arrive before the old socket's close). */
  sockets: number;
}

export interface Intake { accepted: number; duplicates: number; rejected: number; problem?: string }

const SOURCE = 'agent';
/** A sample stamped further ahead than this (a wrong clock) is refused. */
const MAX_FUTURE_MS = 5 * 60_000;

/**
 * Agents (monitoring.md §6): registry and tokens, what connected agents send, and their online state. A sample
 * accepted here goes out on the bus (`agentSample`) in the agent's order, each once: the metrics module keeps
 * the host's history and pushes it to dashboards.
 */
export class AgentsService {
  private readonly live = new Map<string, LiveState>();
  /** False once shutdown began: samples are refused (the agent keeps them for the next server) rather than half taken. */
  accepting = true;

  constructor(private readonly deps: AgentsServiceDeps) {}

  async list(window: ListWindow): Promise<Listing<AgentView>> {
    const [count, rows] = await Promise.all([this.deps.repo.count(), this.deps.repo.list(window.offset, window.limit)]);
    return { count, rows: rows.map(presentAgent) };
  }

  async get(id: string): Promise<AgentView> {
    return presentAgent(await this.find(id));
  }

  async create(p: Principal, body: Record<string, unknown>): Promise<AgentView & { token: string }> {
    const values = await validateAgent(body, undefined, (name) => this.deps.repo.nameTaken(name.toLowerCase()));
    const id = randomUUID();
    const token = newAgentToken();
    await this.deps.repo.insert({ id, name: values.name, tags: values.tags, tokenHash: hashAgentToken(token), createdBy: p.userId });
    return { ...presentAgent(await this.find(id)), token };
  }

  async update(id: string, body: Record<string, unknown>): Promise<AgentView> {
    const agent = await this.find(id);
    const values = await validateAgent(body, agent, (name) => this.deps.repo.nameTaken(name.toLowerCase(), agent.id));
    await this.deps.repo.update(agent.id, values);
    return this.get(agent.id);
  }

  async remove(id: string): Promise<void> {
    const agent = await this.find(id);
    await this.deps.repo.delete(agent.id);
    this.deps.connections.disconnect(agent.id);
    this.live.delete(agent.id);
    this.deps.bus.emit('agentRemoved', { agentId: agent.id });
  }

  /** A new token, shown once; the old one stops working and its connections end at once. */
  async rotateToken(id: string): Promise<AgentView & { token: string }> {
    const agent = await this.find(id);
    const token = newAgentToken();
    await this.deps.repo.update(agent.id, { tokenHash: hashAgentToken(token) });
    this.deps.connections.disconnect(agent.id);
    return { ...(await this.get(agent.id)), token };
  }

  /** The agent a handshake token belongs to, or null. */
  async authenticate(token: unknown): Promise<StoredAgent | null> {
    if (!looksLikeAgentToken(token)) return null;
    return (await this.deps.repo.byTokenHash(hashAgentToken(token))) ?? null;
  }

  /** An agent connected to this instance: what it says of itself is kept, and it is online. */
  async connected(agent: StoredAgent, hello: AgentHello): Promise<void> {
    const state = this.stateOf(agent.id);
    state.sockets++;
    state.newestSampleMs = Math.max(state.newestSampleMs, agent.lastSampleAt ? Date.parse(agent.lastSampleAt) : 0);
    state.seenAt = nowIso();
    const changes: { hostname?: string; version?: string; os?: string; name?: string } = {
      hostname: hello.hostname?.slice(0, 255), version: hello.version?.slice(0, 50), os: hello.os?.slice(0, 200),
    };
    // `everyst agent --name N` renames the agent, unless another agent has that name.
    const name = hello.name?.trim().slice(0, 100);
    if (name && name !== agent.name && !(await this.deps.repo.nameTaken(name.toLowerCase(), agent.id))) changes.name = name;
    if (changes.hostname !== agent.hostname || changes.version !== agent.version || changes.os !== agent.os || changes.name) {
      await this.deps.repo.update(agent.id, changes);
    }
    if (await this.deps.repo.markSeen(agent.id, state.seenAt, null)) this.announce(agent, true);
  }

  /**
   * Samples of a connected agent, oldest first: each valid one newer than the newest accepted goes out on the bus
   * (`live` false for a backlog). Synchronous, so one agent's messages are taken in the order they arrive.
   */
  receive(agentId: string, raw: readonly unknown[], live: boolean): Intake {
    const state = this.stateOf(agentId);
    const intake: Intake = { accepted: 0, duplicates: 0, rejected: 0 };
    state.seenAt = nowIso();
    state.dirty = true;
    const horizon = Date.now() + MAX_FUTURE_MS;
    for (const item of raw) {
      const parsed = parseAgentSample(item);
      if ('problem' in parsed) {
        intake.rejected++;
        intake.problem ??= parsed.problem;
        continue;
      }
      const at = Date.parse(parsed.snapshot.timestamp);
      if (at > horizon) {
        intake.rejected++;
        intake.problem ??= 'timestamp is in the future';
        continue;
      }
      if (at <= state.newestSampleMs) {
        intake.duplicates++;
        continue;
      }
      state.newestSampleMs = at;
      state.latest = { snapshot: parsed.snapshot, at: new Date(at).toISOString() };
      intake.accepted++;
      this.deps.bus.emit('agentSample', { agentId, snapshot: parsed.snapshot, live });
    }
    return intake;
  }

  /** Shutdown: no more samples are taken, and what was taken is written (the next server continues after it). */
  async close(): Promise<void> {
    this.accepting = false;
    await this.flush();
  }

  /** The agent's socket closed: its last moment is written now, not at the next flush. */
  async disconnected(agentId: string): Promise<void> {
    await this.flushOne(agentId);
    const state = this.live.get(agentId);
    if (state && --state.sockets <= 0 && !state.dirty) this.live.delete(agentId);
  }

  /** Writes `last_seen_at` (and the newest sample) of the agents heard since the last write; announces returns. */
  async flush(): Promise<void> {
    for (const id of [...this.live.keys()]) await this.flushOne(id);
  }

  /** Agents silent for AGENT_OFFLINE_AFTER_S go offline (once, whichever instance runs this). */
  async checkSilence(now: number = Date.now()): Promise<void> {
    for (const agent of await this.deps.repo.markSilentOffline(new Date(now - this.deps.offlineAfterMs).toISOString())) {
      this.announce(agent, false);
    }
  }

  /** Every agent, for `GET system/metrics/hosts/`. */
  async hosts(): Promise<AgentHost[]> {
    return (await this.deps.repo.all()).map((a) => ({ id: a.id, name: a.name, online: a.online }));
  }

  /** The agent's newest metrics object: from its connection here, else as stored by the instance it talks to. */
  async latest(id: string): Promise<{ snapshot: MetricsSnapshot; at: string } | null | undefined> {
    if (!isUuid(id)) return undefined;
    const here = this.live.get(id.toLowerCase())?.latest;
    if (here) return here;
    if (!(await this.deps.repo.get(id.toLowerCase()))) return undefined;
    return this.deps.repo.lastSample(id.toLowerCase());
  }

  /** The newest metrics object of every agent connected here (Prometheus). */
  connectedSamples(): Array<{ agentId: string; snapshot: MetricsSnapshot }> {
    return [...this.live].flatMap(([agentId, s]) => (s.latest ? [{ agentId, snapshot: s.latest.snapshot }] : []));
  }

  private async flushOne(id: string): Promise<void> {
    const state = this.live.get(id);
    if (!state?.dirty || !state.seenAt) return;
    state.dirty = false;
    try {
      if (await this.deps.repo.markSeen(id, state.seenAt, state.latest)) {
        const agent = await this.deps.repo.get(id);
        if (agent) this.announce(agent, true);
      }
    } catch (err) {
      state.dirty = true;
      this.deps.logger.error({ err, agent: id }, 'writing an agent\'s last contact failed');
    }
  }

  private stateOf(id: string): LiveState {
    let state = this.live.get(id);
    if (!state) this.live.set(id, (state = { newestSampleMs: 0, latest: null, seenAt: null, dirty: false, sockets: 0 }));
    return state;
  }

  private async find(id: string): Promise<StoredAgent> {
    const agent = isUuid(id) ? await this.deps.repo.get(id.toLowerCase()) : undefined;
    if (!agent) throw notFound();
    return agent;
  }

  private announce(agent: StoredAgent, online: boolean): void {
    this.deps.bus.toClients('agent_status', { agent_id: agent.id, name: agent.name, online });
    // The first connection of a new agent recovers from nothing: no notice.
    if (online && agent.lastSeenAt === null) return;
    const seconds = Math.round(this.deps.offlineAfterMs / 1000);
    const title = online ? `Agent online: ${agent.name}` : `Agent offline: ${agent.name}`;
    const message = online ? `${agent.name} reports again.` : `${agent.name} has sent nothing for ${seconds} s.`;
    void this.deps.notices.createForFlag('can_manage_monitors', { title, message, type: online ? 'success' : 'warning', source: SOURCE })
      .catch((err: unknown) => this.deps.logger.error({ err, agent: agent.id }, 'agent notification failed'));
    this.deps.bus.emit('notify', {
      event: online ? 'agent.online' : 'agent.offline', severity: online ? 'info' : 'warning', ranksAs: 'warning',
      title, message, source: SOURCE, path: `/agents/${agent.id}`,
    });
  }
}
