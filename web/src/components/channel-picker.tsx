import type { Channel } from '../lib/channels.ts';
import { Loading } from './ui.tsx';

/**
 * Chooses notification channels by name (checkboxes); none chosen leaves the routing to the channels' own event
 * filters (docs/channels.md, "Routing").
 */
export function ChannelPicker({ channels, selected, onChange, error, what = 'this monitor' }: {
  channels: Channel[] | undefined; selected: string[]; onChange: (ids: string[]) => void; error?: string; what?: string;
}) {
  return (
    <fieldset class={`picker channel-picker ${error ? 'invalid' : ''}`}>
      <legend>Notification channels</legend>
      {!channels ? <Loading label="Loading channels…" />
        : channels.length === 0 ? <p class="muted small">No channels yet: add them under Channels.</p>
        : (
          <div class="check-grid">
            {channels.map((c) => (
              <label key={c.id} class="check"><input type="checkbox" checked={selected.includes(c.id)}
                onChange={(e) => onChange(e.currentTarget.checked ? [...selected, c.id] : selected.filter((x) => x !== c.id))} />
                {' '}{c.name}{!c.enabled && <span class="muted small"> (disabled)</span>}</label>
            ))}
          </div>
        )}
      <p class="hint">{selected.length === 0 ? `None chosen: ${what}'s events go to every channel whose filter takes them.` : `Only the chosen channels hear ${what}.`}</p>
      {error && <p class="field-error">{error}</p>}
    </fieldset>
  );
}
