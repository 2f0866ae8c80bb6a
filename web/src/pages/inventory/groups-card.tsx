import { useState } from 'preact/hooks';
import { Card } from '../../components/ui.tsx';
import { ApiError, errorText } from '../../lib/api.ts';
import { renameGroup, type Group } from '../../lib/inventory.ts';
import { toast } from '../../lib/toasts.ts';
import type { Device } from '../../lib/types.ts';

/** The groups in use, each a filter; renaming one renames it on each of its devices. */
export function GroupsCard({ groups, devices, selected, canEdit, onSelect, onChanged }: {
  groups: Group[]; devices: Device[]; selected: string; canEdit: boolean; onSelect: (name: string) => void; onChanged: () => void;
}) {
  const [editing, setEditing] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  /** A server message about the new name (the devices' `groups` field), shown next to its input. */
  const [nameError, setNameError] = useState<string | null>(null);
  const rename = async (e: Event, from: string) => {
    e.preventDefault();
    const to = name.trim();
    if (!to || to === from) return setEditing(null);
    setBusy(true);
    setNameError(null);
    try {
      await renameGroup(devices, from, to);
      toast({ title: 'Group renamed', message: `${from} → ${to}`, type: 'success' });
      if (selected.toLowerCase() === from.toLowerCase()) onSelect(to);
      setEditing(null);
      onChanged();
    } catch (err) {
      if (err instanceof ApiError && err.field('groups')) setNameError(err.field('groups')!);
      else toast({ title: 'Could not rename the group', message: errorText(err), type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title="Groups" class="groups-card">
      {groups.length === 0 ? <p class="muted small">No groups yet. Give a device a group in its edit dialog or in the new-devices queue; a new name makes a new group.</p> : (
        <ul class="plain-list group-list" data-testid="groups">
          {groups.map((g) => (
            <li key={g.name} data-group={g.name}>
              {editing === g.name ? (
                <form class="review-form" onSubmit={(e) => void rename(e, g.name)}>
                  <input aria-label={`New name for ${g.name}`} value={name} maxLength={50} onInput={(e) => setName(e.currentTarget.value)}
                    aria-invalid={nameError ? true : undefined} aria-describedby={nameError ? 'group-rename-msg' : undefined} />
                  <button type="submit" class="btn small primary" disabled={busy}>Save</button>
                  <button type="button" class="btn small" onClick={() => { setEditing(null); setNameError(null); }}>Cancel</button>
                  {nameError && <p id="group-rename-msg" class="field-error">{nameError}</p>}
                </form>
              ) : (
                <>
                  <button type="button" class={`link-btn ${selected === g.name ? 'strong' : ''}`} aria-pressed={selected === g.name}
                    onClick={() => onSelect(selected === g.name ? '' : g.name)}>{g.name}</button>
                  <span class="muted small">{g.online} of {g.devices} online</span>
                  {canEdit && <button type="button" class="btn small" aria-label={`Rename ${g.name}`} onClick={() => { setEditing(g.name); setName(g.name); }}>Rename</button>}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
