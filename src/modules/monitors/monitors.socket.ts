import type { EventHandler } from '../../realtime/socket-rpc.js';
import { MONITOR_ROOM } from './monitors.service.js';

/** `subscribe_monitors` / `unsubscribe_monitors` (monitoring.md §2.5): heartbeats reach subscribed sockets only. */
export function monitorsSocketEvents(): Record<string, EventHandler> {
  return {
    subscribe_monitors: {
      permission: 'any', anyPayload: true,
      handle: async ({ socket }) => {
        await socket.join(`sub:${MONITOR_ROOM}`);
        return { status: 'success' };
      },
    },
    unsubscribe_monitors: {
      permission: 'any', anyPayload: true,
      handle: async ({ socket }) => {
        await socket.leave(`sub:${MONITOR_ROOM}`);
        return { status: 'success' };
      },
    },
  };
}
