import { api } from './api.ts';
import { session } from './session.ts';
import { emitWithAck, onEvent } from './socket.ts';
import { createStore } from './store.ts';

/** One host of `GET system/metrics/hosts/`: this server's own host, another instance, or an agent. */
export interface MetricsHost {
  host: string;
  first_sample: string | null;
  last_sample: string | null;
  kind: 'instance' | 'agent';
  agent_id: string | null;
  name: string;
  online: boolean;
}
export interface HostList { current_host: string; hosts: MetricsHost[] }

export const loadHosts = (signal?: AbortSignal) => api<HostList>('system/metrics/hosts/', { signal });

/**
 * The agent whose metrics the dashboard and history pages show; null is this server's own host. Shared by both
 * pages, so the choice stays while moving between them.
 */
export const watchedHost = createStore<string | null>(null);

/** `?host=` (or `&host=`) for the REST reads of the watched host; nothing for this server. */
export function hostQuery(host: string | null, first = false): string {
  return host ? `${first ? '?' : '&'}host=${encodeURIComponent(host)}` : '';
}

/** Asks the socket for the watched host's `metrics_update`s (realtime: `subscribe_metrics` with `host`). */
function subscribe(host: string | null): Promise<unknown> {
  return emitWithAck('subscribe_metrics', host ? { host } : {}).catch(() => undefined);
}

export function watchHost(host: string | null): void {
  if (host === watchedHost.get()) return;
  watchedHost.set(host);
  void subscribe(host);
}

/** Keeps the socket's subscription on the watched host after every (re)connection; signing out forgets it. */
export function startHostWatch(): void {
  onEvent('connect', () => {
    const host = watchedHost.get();
    if (host) void subscribe(host);
  });
  session.subscribe((s) => {
    if (s.status !== 'signed-in') watchedHost.set(null);
  });
}
