import { useState } from 'preact/hooks';
import { Badge, StatusBadge } from '../../components/ui.tsx';
import { ApiError, errorText, formLevelError } from '../../lib/api.ts';
import { ago } from '../../lib/format.ts';
import { acknowledgeDevice, groupList, patchDevice } from '../../lib/inventory.ts';
import { toast } from '../../lib/toasts.ts';
import type { Device } from '../../lib/types.ts';

/** A device a scan discovered: name it, put it in groups, acknowledge it (it leaves the queue). */
export function ReviewRow({ device: d, canEdit, groups, onDone }: { device: Device; canEdit: boolean; groups: string[]; onDone: () => void }) {
  const [label, setLabel] = useState(d.label);
  const [groupText, setGroupText] = useState((d.groups ?? []).join(', '));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const listId = `groups-${d.id}`;
  const fieldError = (name: string) => (error instanceof ApiError ? error.field(name) : undefined);
  const otherError = formLevelError(error, ['label', 'groups']);
  const acknowledge = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const nextGroups = groupList(groupText);
      if (label.trim() !== d.label || nextGroups.join('\n') !== (d.groups ?? []).join('\n')) {
        await patchDevice(d.id, { label: label.trim() || d.label, groups: nextGroups });
      }
      await acknowledgeDevice(d.id);
      toast({ title: 'Device acknowledged', message: label.trim() || d.label, type: 'success' });
      onDone();
    } catch (err) {
      // Field errors go next to their inputs; anything else is a toast.
      if (err instanceof ApiError && Object.keys(err.fields).length) setError(err);
      else toast({ title: 'Could not acknowledge the device', message: errorText(err), type: 'error' });
      setBusy(false);
    }
  };
  return (
    <li class="window-row review-row" data-device={d.ip ?? d.label}>
      <div class="window-main">
        <StatusBadge status={d.status} /> <strong>{d.label}</strong> <span class="mono small">{d.ip ?? '—'}</span>
        <div class="muted small">
          <span class="mono">{d.mac ?? 'no MAC'}</span> {d.macRandomized && <Badge tone="warning">randomised MAC</Badge>}
          {d.vendor ? ` · ${d.vendor}` : ''} · first seen {ago(d.firstSeen ?? d.lastSeen)}
        </div>
      </div>
      {canEdit && (
        <form class="review-form" onSubmit={acknowledge}>
          <input aria-label={`Name of ${d.ip ?? d.label}`} value={label} maxLength={100} onInput={(e) => setLabel(e.currentTarget.value)}
            aria-invalid={fieldError('label') ? true : undefined} aria-describedby={fieldError('label') ? `${listId}-label-msg` : undefined} />
          <input aria-label={`Groups of ${d.ip ?? d.label}`} placeholder="Groups, comma-separated" list={listId} value={groupText} onInput={(e) => setGroupText(e.currentTarget.value)}
            aria-invalid={fieldError('groups') ? true : undefined} aria-describedby={fieldError('groups') ? `${listId}-groups-msg` : undefined} />
          <datalist id={listId}>{groups.map((g) => <option key={g} value={g} />)}</datalist>
          <button type="submit" class="btn small primary" disabled={busy} aria-label={`Acknowledge ${d.ip ?? d.label}`}>{busy ? 'Saving…' : 'Acknowledge'}</button>
          {fieldError('label') && <p id={`${listId}-label-msg`} class="field-error">{fieldError('label')}</p>}
          {fieldError('groups') && <p id={`${listId}-groups-msg`} class="field-error">{fieldError('groups')}</p>}
          {otherError && <p class="field-error" role="alert">{errorText(otherError)}</p>}
        </form>
      )}
    </li>
  );
}
