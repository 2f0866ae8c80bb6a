import { useState } from 'preact/hooks';
import type { Monitor } from '../lib/monitors.ts';

const SHOWN = 30;

/**
 * Chooses monitors by name: the chosen ones in a list (in order, with move buttons, when `ordered`), and a search
 * that offers at most 30 others at a time, so thousands of monitors stay usable.
 */
export function MonitorPicker({ label, monitors, selected, onChange, ordered, error }: {
  label: string; monitors: Monitor[]; selected: string[]; onChange: (ids: string[]) => void; ordered?: boolean; error?: string;
}) {
  const [query, setQuery] = useState('');
  const byId = new Map(monitors.map((m) => [m.id, m]));
  const q = query.trim().toLowerCase();
  const offered = monitors.filter((m) => !selected.includes(m.id) && (!q || m.name.toLowerCase().includes(q))).slice(0, SHOWN);
  const move = (i: number, by: -1 | 1) => {
    const next = [...selected];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    onChange(next);
  };
  return (
    <fieldset class={`picker ${error ? 'invalid' : ''}`}>
      <legend>{label}</legend>
      {selected.length === 0 ? <p class="muted small">None chosen yet.</p> : (
        <ol class={`picker-chosen ${ordered ? '' : 'unordered'}`} aria-label={`Chosen: ${selected.length}`}>
          {selected.map((id, i) => {
            const name = byId.get(id)?.name ?? id;
            return (
              <li key={id}>
                <span class="clip">{name}</span>
                {ordered && <button type="button" class="icon-btn small" disabled={i === 0} aria-label={`Move ${name} up`} onClick={() => move(i, -1)}>↑</button>}
                {ordered && <button type="button" class="icon-btn small" disabled={i === selected.length - 1} aria-label={`Move ${name} down`} onClick={() => move(i, 1)}>↓</button>}
                <button type="button" class="icon-btn small" aria-label={`Remove ${name}`} onClick={() => onChange(selected.filter((x) => x !== id))}>×</button>
              </li>
            );
          })}
        </ol>
      )}
      <input type="search" placeholder="Find a monitor to add…" aria-label={`Find monitors for ${label.toLowerCase()}`} value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
      <ul class="picker-offered">
        {offered.map((m) => (
          <li key={m.id}><button type="button" class="link-btn" aria-label={`Add ${m.name}`} onClick={() => onChange([...selected, m.id])}>+ {m.name}</button></li>
        ))}
      </ul>
      {error && <p class="field-error">{error}</p>}
    </fieldset>
  );
}
