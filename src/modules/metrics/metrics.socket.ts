import type { AppContext } from '../../context.js';
import { METRICS_GROUPS } from '../../system/metrics/snapshot.js';
import { groupList, parseGroups, parseInterval } from './subscription.js';

/**
 * Metrics over Socket.IO (realtime.md §2.3, §4, §5). `metrics_update` goes straight to each socket of this
 * instance, never through the bus: every instance sends its own host's metrics to its own sockets.
 */
export function registerMetricsSocket(ctx: AppContext): void {
  const metrics = ctx.services.metrics;
  const floor = metrics.floorSeconds;

  ctx.gateway.onConnect((socket) => {
    socket.once('disconnect', () => metrics.unsubscribe(socket.id));
    if (socket.connected) metrics.subscribe(socket.id, (payload) => socket.emit('metrics_update', payload), floor, METRICS_GROUPS);
  });

  ctx.gateway.on('subscribe_metrics', {
    permission: 'any',
    handle: async ({ socket, payload }) => {
      const current = metrics.live.current(socket.id);
      const interval = parseInterval(payload.interval, floor) ?? (current ? current.intervalMs / 1000 : floor);
      const groups = parseGroups(payload.groups) ?? current?.groups ?? [...METRICS_GROUPS];
      if (socket.connected) metrics.subscribe(socket.id, (p) => socket.emit('metrics_update', p), interval, groups);
      return { status: 'success', interval, groups: groupList(groups) };
    },
  });

  ctx.gateway.on('unsubscribe_metrics', {
    permission: 'any',
    handle: async ({ socket }) => {
      metrics.unsubscribe(socket.id);
      return { status: 'success' };
    },
  });

  ctx.gateway.on('get_current_metrics', {
    permission: 'any',
    handle: async ({ payload }) => ({ status: 'success', metrics: await metrics.current(parseGroups(payload.groups)) }),
  });
}
