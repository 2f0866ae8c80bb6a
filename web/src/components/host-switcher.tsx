import { useEffect } from 'preact/hooks';
import { useAsync } from '../lib/hooks.ts';
import { loadHosts, watchedHost, watchHost } from '../lib/hosts.ts';
import { useSocketEvent } from '../lib/socket.ts';
import { useStore } from '../lib/store.ts';
import { Badge } from './ui.tsx';

/**
 * Which host the page shows: this server or one of its agents (docs/agents.md). Absent while there is no agent;
 * an agent's online state follows `agent_status`.
 */
export function HostSwitcher() {
  const host = useStore(watchedHost);
  const list = useAsync((signal) => loadHosts(signal), []);
  useSocketEvent('agent_status', () => list.reload());
  const agents = (list.data?.hosts ?? []).filter((h) => h.kind === 'agent');
  const watched = agents.find((a) => a.host.toLowerCase() === host?.toLowerCase());
  useEffect(() => {
    // A deleted agent: back to this server.
    if (list.data && host && !watched) watchHost(null);
  }, [list.data, host, watched]);
  if (agents.length === 0) return null;
  return (
    <span class="host-switcher">
      <select aria-label="Host" value={watched?.host ?? ''} onChange={(e) => watchHost(e.currentTarget.value || null)}>
        <option value="">This server{list.data ? ` (${list.data.current_host})` : ''}</option>
        {agents.map((a) => <option key={a.host} value={a.host}>{a.name}{a.online ? '' : ' (offline)'}</option>)}
      </select>
      {watched && <Badge tone={watched.online ? 'ok' : 'error'}>{watched.online ? 'online' : 'offline'}</Badge>}
    </span>
  );
}
