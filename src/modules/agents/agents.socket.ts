import type { Namespace, Socket } from 'socket.io';
import type { Logger } from 'pino';
import type { StoredAgent } from './agents.repository.js';
import type { AgentConnections, AgentHello, AgentsService, Intake } from './agents.service.js';

export const AGENTS_NAMESPACE = '/agents';
/** Samples in one `agent_backlog` message at most (the agent sends larger backlogs in several). */
export const MAX_BACKLOG_BATCH = 600;
const roomOf = (agentId: string) => `agent:${agentId}`;
/** Messages an agent socket may send: a burst of this many, refilled at this rate per second (an agent sends ~1/s). */
const BURST = 40;
const PER_SECOND = 10;

/** A token bucket per socket: a runaway or hostile agent cannot make the server parse without end. */
function messageBudget(now: () => number = () => performance.now()): () => boolean {
  let tokens = BURST;
  let at = now();
  return () => {
    const t = now();
    tokens = Math.min(BURST, tokens + ((t - at) / 1000) * PER_SECOND);
    at = t;
    if (tokens < 1) return false;
    tokens--;
    return true;
  };
}

function invalidToken(): Error {
  return Object.assign(new Error('Invalid agent token'), { data: { detail: 'Invalid agent token', code: 'invalid_agent_token' } });
}

const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
type Ack = (answer: unknown) => void;
const ackOf = (args: unknown[]): Ack => {
  const last = args[args.length - 1];
  return typeof last === 'function' ? (last as Ack) : () => undefined;
};

function answer(intake: Intake): Record<string, unknown> {
  return { status: intake.rejected > 0 && intake.accepted === 0 && intake.duplicates === 0 ? 'error' : 'success', ...intake };
}

/** Disconnects an agent everywhere: here at once, and on the other instances through the adapter. */
export function agentConnections(nsp: Namespace): AgentConnections {
  return {
    disconnect(agentId) {
      nsp.local.in(roomOf(agentId)).disconnectSockets(true);
      nsp.in(roomOf(agentId)).disconnectSockets(true);
    },
  };
}

/**
 * The `/agents` namespace (monitoring.md §6): handshake `auth: {token, hostname, version, os}`; `agent_sample`
 * (one metrics object) and `agent_backlog` (`{samples: [...]}`, oldest first), each acknowledged with what was
 * taken, so the agent drops from its buffer only what arrived.
 */
export function attachAgentNamespace(nsp: Namespace, agents: AgentsService, logger: Logger): void {
  nsp.use((socket, next) => {
    agents.authenticate(socket.handshake.auth?.token).then((agent) => {
      if (!agent) return next(invalidToken());
      socket.data.agent = agent;
      next();
    }, (err: unknown) => {
      logger.error({ err }, 'agent authentication failed');
      next(invalidToken());
    });
  });
  nsp.on('connection', (socket: Socket) => {
    const agent = socket.data.agent as StoredAgent;
    void socket.join(roomOf(agent.id));
    const auth = (socket.handshake.auth ?? {}) as Record<string, unknown>;
    const hello: AgentHello = { hostname: text(auth.hostname), version: text(auth.version), os: text(auth.os), name: text(auth.name) };
    agents.connected(agent, hello).catch((err: unknown) => logger.error({ err, agent: agent.id }, 'agent connect failed'));
    const allowed = messageBudget();
    const refused = (args: unknown[]) => {
      if (!agents.accepting) ackOf(args)({ status: 'error', detail: 'Server shutting down' });
      else if (!allowed()) ackOf(args)({ status: 'error', detail: 'Too many messages: slow down' });
      else return false;
      return true;
    };
    socket.on('agent_sample', (...args: unknown[]) => {
      if (refused(args)) return;
      ackOf(args)(answer(agents.receive(agent.id, [args[0]], true)));
    });
    socket.on('agent_backlog', (...args: unknown[]) => {
      if (refused(args)) return;
      const samples = (args[0] as { samples?: unknown } | undefined)?.samples;
      if (!Array.isArray(samples) || samples.length > MAX_BACKLOG_BATCH) {
        ackOf(args)({ status: 'error', detail: `samples must be a list of at most ${MAX_BACKLOG_BATCH} metrics objects` });
        return;
      }
      ackOf(args)(answer(agents.receive(agent.id, samples, false)));
    });
    socket.once('disconnect', () => {
      agents.disconnected(agent.id).catch((err: unknown) => logger.error({ err, agent: agent.id }, 'agent disconnect failed'));
    });
  });
}
