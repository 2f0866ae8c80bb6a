import { onEvent } from './socket.ts';
import { createStore } from './store.ts';
import type { ScanProgress } from './types.ts';

/** The latest `scan_progress` event (realtime.md §6.1), for the progress bar on any page. */
export const scanProgress = createStore<ScanProgress | null>(null);
/** Incremented whenever devices or the topology change, so lists know to reload. */
export const networkVersion = createStore(0);

export function startNetworkFeed(): void {
  onEvent('scan_progress', (p) => scanProgress.set(p as ScanProgress));
  // A scan changes many devices at once: lists reload at most twice a second.
  let pending = false;
  const bump = () => {
    if (pending) return;
    pending = true;
    setTimeout(() => {
      pending = false;
      networkVersion.set((v) => v + 1);
    }, 500);
  };
  // After a reconnect the lists reload too: changes made while the connection was lost were never pushed.
  for (const event of ['network_update', 'network_topology_update', 'device_updated', 'network_map_updated', 'reconnect']) onEvent(event, bump);
}
