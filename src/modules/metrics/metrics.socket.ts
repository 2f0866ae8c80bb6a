import type { Socket } from 'socket.io';
import { badRequest } from '../../errors.js';
import type { ConnectHook } from '../../realtime/gateway.js';
import type { EventHandler } from '../../realtime/socket-rpc.js';
import { METRICS_GROUPS } from '../../system/metrics/snapshot.js';
import { agentMetricsRoom } from './agent-hosts.js';
import type { MetricsService } from './metrics.service.js';
import { groupList, parseGroups, parseInterval } from './subscription.js';

const AGENT_ROOM_PREFIX = `sub:${agentMetricsRoom('')}`;

/** Leaves the agent host the socket watched, if any. */
async function leaveAgentHosts(socket: Socket): Promise<void> {
  for (const room of socket.rooms) if (room.startsWith(AGENT_ROOM_PREFIX)) await socket.leave(room);
}

function hostParam(raw: unknown): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'string' || raw.length > 100) throw badRequest('host must be a host name or an agent id');
  return raw;
}

/**
 * Metrics over Socket.IO (realtime.md §2.3, §4, §5). `metrics_update` of this instance's host goes straight to each
 * socket of this instance, never through the bus: every instance sends its own host's metrics to its own sockets.
 * A subscription names one host: with `host` an agent id (monitoring.md §6), the socket joins that agent's room
 * instead, and gets every live sample of the agent (all groups, with `host`) whichever instance it reaches.
 */
export function metricsSocket(metrics: MetricsService): { socketEvents: Record<string, EventHandler>; onSocketConnect: ConnectHook } {
  const floor = metrics.floorSeconds;
  return {
    onSocketConnect: (socket) => {
      socket.once('disconnect', () => metrics.unsubscribe(socket.id));
      if (socket.connected) metrics.subscribe(socket.id, (payload) => socket.emit('metrics_update', payload), floor, METRICS_GROUPS);
    },
    socketEvents: {
      subscribe_metrics: {
        permission: 'any',
        handle: async ({ socket, payload }) => {
          const host = hostParam(payload.host);
          if (!metrics.isOwnHost(host)) {
            if (!(await metrics.isAgentHost(host!.toLowerCase()))) throw badRequest('Unknown host.');
            metrics.unsubscribe(socket.id);
            await leaveAgentHosts(socket);
            if (socket.connected) await socket.join(`sub:${agentMetricsRoom(host!.toLowerCase())}`);
            return { status: 'success', host: host!.toLowerCase(), groups: groupList(METRICS_GROUPS) };
          }
          await leaveAgentHosts(socket);
          const current = metrics.subscription(socket.id);
          const interval = parseInterval(payload.interval, floor) ?? (current ? current.intervalMs / 1000 : floor);
          const groups = parseGroups(payload.groups) ?? current?.groups ?? [...METRICS_GROUPS];
          if (socket.connected) metrics.subscribe(socket.id, (p) => socket.emit('metrics_update', p), interval, groups);
          return { status: 'success', interval, groups: groupList(groups) };
        },
      },
      unsubscribe_metrics: {
        permission: 'any',
        handle: async ({ socket }) => {
          metrics.unsubscribe(socket.id);
          await leaveAgentHosts(socket);
          return { status: 'success' };
        },
      },
      get_current_metrics: {
        permission: 'any',
        handle: async ({ payload }) => {
          const host = hostParam(payload.host);
          const groups = parseGroups(payload.groups);
          return { status: 'success', metrics: metrics.isOwnHost(host) ? await metrics.current(groups) : await metrics.agentCurrent(host!.toLowerCase(), groups) };
        },
      },
    },
  };
}
