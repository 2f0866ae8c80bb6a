import { useAsync } from '../lib/hooks.ts';
import { loadHosts } from '../lib/hosts.ts';

/**
 * Chooses the hosts an alert rule covers (this server's instances and the agents, docs/agents.md); none chosen
 * covers every host. Absent while this server is the only host and the rule names none.
 */
export function HostPicker({ selected, onChange, error }: { selected: string[]; onChange: (hosts: string[]) => void; error?: string }) {
  const list = useAsync((signal) => loadHosts(signal), []);
  const hosts = list.data?.hosts ?? [];
  const known = new Set(hosts.map((h) => h.host));
  const gone = selected.filter((h) => !known.has(h));
  if (!list.data || (hosts.length <= 1 && selected.length === 0)) return null;
  const toggle = (host: string, on: boolean) => onChange(on ? [...selected, host] : selected.filter((x) => x !== host));
  return (
    <fieldset class={`picker host-picker ${error ? 'invalid' : ''}`}>
      <legend>Hosts</legend>
      <div class="check-grid">
        {hosts.map((h) => (
          <label key={h.host} class="check"><input type="checkbox" checked={selected.includes(h.host)} onChange={(e) => toggle(h.host, e.currentTarget.checked)} />
            {' '}{h.kind === 'agent' ? h.name : `${h.host} (server)`}</label>
        ))}
        {gone.map((h) => (
          <label key={h} class="check"><input type="checkbox" checked onChange={() => toggle(h, false)} /> <span class="muted">{h} (no longer reports)</span></label>
        ))}
      </div>
      <p class="hint">{selected.length === 0 ? 'None chosen: the rule covers every host, agents included.' : 'The rule covers only the chosen hosts.'}</p>
      {error && <p class="field-error">{error}</p>}
    </fieldset>
  );
}
