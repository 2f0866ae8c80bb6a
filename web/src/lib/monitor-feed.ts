import { useEffect, useRef } from 'preact/hooks';
import type { Heartbeat, Monitor, MonitorStatus } from './monitors.ts';
import { emitWithAck, onEvent } from './socket.ts';

/** Socket payloads of monitoring.md §2.5. */
export type LiveHeartbeat = Heartbeat & { name: string };
export interface StatusChange { monitor_id: string; name: string; status: MonitorStatus; previous: MonitorStatus; time: string; message: string }
export interface ListUpdate { action: 'created' | 'updated' | 'deleted'; monitor: Monitor }

export interface MonitorFeedHandlers {
  /** Heartbeats arrive in batches (a few times a second), so 2,000 monitors do not re-render per beat. */
  heartbeats?: (beats: LiveHeartbeat[]) => void;
  status?: (change: StatusChange) => void;
  list?: (update: ListUpdate) => void;
}

const BATCH_MS = 250;
let subscribers = 0;

function subscribe(): void {
  // Not connected yet: the `connect` listener below subscribes once the socket is up.
  emitWithAck('subscribe_monitors').catch(() => undefined);
}

/**
 * Live monitor events while the component is mounted. Heartbeats need `subscribe_monitors`; the subscription is
 * shared by every mounted page and renewed after a reconnect, and `unsubscribe_monitors` goes out when the last one leaves.
 */
export function useMonitorFeed(handlers: MonitorFeedHandlers): void {
  const ref = useRef(handlers);
  ref.current = handlers;
  useEffect(() => {
    if (subscribers++ === 0) subscribe();
    let pending: LiveHeartbeat[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      const beats = pending;
      pending = [];
      ref.current.heartbeats?.(beats);
    };
    const off = [
      onEvent('connect', subscribe),
      onEvent('monitor_heartbeat', (p) => {
        pending.push(p as LiveHeartbeat);
        timer ??= setTimeout(flush, BATCH_MS);
      }),
      onEvent('monitor_status', (p) => ref.current.status?.(p as StatusChange)),
      onEvent('monitor_list_update', (p) => ref.current.list?.(p as ListUpdate)),
    ];
    return () => {
      for (const fn of off) fn();
      clearTimeout(timer);
      if (--subscribers === 0) emitWithAck('unsubscribe_monitors').catch(() => undefined);
    };
  }, []);
}
