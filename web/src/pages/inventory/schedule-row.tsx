import { useEffect, useState } from 'preact/hooks';
import { Badge } from '../../components/ui.tsx';
import { errorText } from '../../lib/api.ts';
import { ago, dateTime } from '../../lib/format.ts';
import { cadence, patchSchedule, type Schedule } from '../../lib/inventory.ts';
import { toast } from '../../lib/toasts.ts';

/** One schedule: what it scans and when, its switch and actions. */
export function ScheduleRow({ schedule: s, canEdit, onChanged, onEdit, onDelete }: {
  schedule: Schedule; canEdit: boolean; onChanged: (s: Schedule) => void; onEdit: () => void; onDelete: () => void;
}) {
  const [enabled, setEnabled] = useState(s.enabled);
  useEffect(() => setEnabled(s.enabled), [s.enabled]);
  const toggle = async (on: boolean) => {
    setEnabled(on);
    try {
      onChanged(await patchSchedule(s.id, { enabled: on }));
    } catch (e) {
      setEnabled(s.enabled);
      toast({ title: 'Could not change the schedule', message: errorText(e), type: 'error' });
    }
  };
  return (
    <li class="window-row" data-schedule={s.name}>
      <div class="window-main">
        <strong>{s.name}</strong> <Badge tone="info">{s.scan_type}</Badge> {!s.enabled && <Badge tone="muted">disabled</Badge>}
        <div class="muted small"><span class="mono">{s.ip_range}</span> · {cadence(s)}{s.rrule ? ` (${s.timezone})` : ''}</div>
        <div class="small" data-testid="schedule-times">
          Last run: <span title={s.last_run_at ?? undefined}>{s.last_run_at ? ago(s.last_run_at) : 'never'}</span>
          {' · '}Next run: {s.next_run_at ? dateTime(s.next_run_at) : <span class="muted">none</span>}
        </div>
        {s.last_error && <div class="small field-error" data-testid="schedule-error">{s.last_error}</div>}
      </div>
      {canEdit && (
        <div class="channel-actions">
          <label class="check"><input type="checkbox" role="switch" checked={enabled} onChange={(e) => void toggle(e.currentTarget.checked)} /> Enabled</label>
          <button type="button" class="btn small" onClick={onEdit} aria-label={`Edit ${s.name}`}>Edit</button>
          <button type="button" class="btn small danger" onClick={onDelete} aria-label={`Delete ${s.name}`}>Delete</button>
        </div>
      )}
    </li>
  );
}
