import type { ConnectHook } from '../../realtime/gateway.js';
import type { EventHandler } from '../../realtime/socket-rpc.js';
import { METRICS_GROUPS } from '../../system/metrics/snapshot.js';
import type { MetricsService } from './metrics.service.js';
import { groupList, parseGroups, parseInterval } from './subscription.js';

/**
 * Metrics over Socket.IO (realtime.md §2.3, §4, §5). `metrics_update` goes straight to each socket of this
 * instance, never through the bus: every instance sends its own host's metrics to its own sockets.
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
          return { status: 'success' };
        },
      },
      get_current_metrics: {
        permission: 'any',
        handle: async ({ payload }) => ({ status: 'success', metrics: await metrics.current(parseGroups(payload.groups)) }),
      },
    },
  };
}
