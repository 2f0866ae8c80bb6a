import { useState } from 'preact/hooks';
import { Dialog } from '../components/dialog.tsx';
import { MonitorPicker } from '../components/monitor-picker.tsx';
import { Field, FormError, TextArea } from '../components/ui.tsx';
import { api, ApiError, formLevelError } from '../lib/api.ts';
import type { MaintenanceWindow, Monitor } from '../lib/monitors.ts';
import { toast } from '../lib/toasts.ts';

const pad = (n: number) => String(n).padStart(2, '0');
/** ISO → the local "YYYY-MM-DDTHH:MM" a datetime-local input shows. */
function localInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
const ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
const ZONES: string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [ZONE];

/** Creates or edits a maintenance window (monitoring.md §3): one-off, or recurring by RRULE for a duration. */
export function MaintenanceDialog({ window: w, monitors, onClose, onSaved }: { window?: MaintenanceWindow; monitors: Monitor[]; onClose: () => void; onSaved: () => void }) {
  const [form, setForm] = useState({
    title: w?.title ?? '', description: w?.description ?? '', all: w?.all_monitors ?? false, monitors: w?.monitors ?? [],
    recurring: Boolean(w?.recurrence), starts: localInput(w?.starts_at), ends: localInput(w?.ends_at),
    rrule: w?.recurrence?.rrule ?? 'FREQ=WEEKLY;BYDAY=SU;BYHOUR=3;BYMINUTE=0', minutes: String(w?.recurrence ? w.recurrence.duration_s / 60 : 60),
    timezone: w?.recurrence?.timezone ?? ZONE,
  });
  const [checked, setChecked] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const set = <K extends keyof typeof form>(key: K) => (value: (typeof form)[K]) => setForm((f) => ({ ...f, [key]: value }));
  const local: Record<string, string> = {};
  if (!form.title.trim()) local.title = 'Enter a title.';
  if (!form.all && form.monitors.length === 0) local.monitors = 'Choose monitors, or check “all monitors”.';
  if (form.recurring) {
    if (!/(^|;)FREQ=(SECONDLY|MINUTELY|HOURLY|DAILY|WEEKLY|MONTHLY|YEARLY)(;|$)/i.test(form.rrule.replace(/^RRULE:/i, ''))) local.rrule = 'An RRULE with FREQ=…, e.g. FREQ=WEEKLY;BYDAY=SU;BYHOUR=3.';
    if (!(Number(form.minutes) > 0)) local.duration_s = 'Minutes, more than 0.';
    if (!ZONES.includes(form.timezone) && form.timezone !== 'UTC') local.timezone = 'An IANA time zone, e.g. Europe/Berlin.';
  } else {
    if (!form.starts) local.starts_at = 'Choose the start.';
    if (!form.ends) local.ends_at = 'Choose the end.';
    else if (form.starts && new Date(form.ends) <= new Date(form.starts)) local.ends_at = 'The end must be after the start.';
  }
  const fieldError = (key: string) => (checked ? local[key] : undefined) ?? (error instanceof ApiError ? error.field(key) ?? error.field(`recurrence.${key}`) : undefined);
  const submit = async (e: Event) => {
    e.preventDefault();
    setChecked(true);
    if (Object.keys(local).length) return;
    setError(null);
    const body = {
      title: form.title.trim(), description: form.description, all_monitors: form.all, monitors: form.all ? [] : form.monitors,
      starts_at: form.recurring ? null : new Date(form.starts).toISOString(), ends_at: form.recurring ? null : new Date(form.ends).toISOString(),
      recurrence: form.recurring ? { rrule: form.rrule.trim().replace(/^RRULE:/i, ''), duration_s: Math.round(Number(form.minutes) * 60), timezone: form.timezone } : null,
    };
    try {
      await api(w ? `maintenance/${w.id}/` : 'maintenance/', { method: w ? 'PATCH' : 'POST', body });
      toast({ title: 'Maintenance window saved', message: body.title, type: 'success' });
      onSaved();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Dialog title={w ? `Edit ${w.title}` : 'New maintenance window'} onClose={onClose} wide>
      <form onSubmit={submit} noValidate>
        <Field label="Title" value={form.title} onValue={set('title')} error={fieldError('title')} />
        <TextArea label="Description" value={form.description} onValue={set('description')} error={fieldError('description')} rows={2} />
        <label class="check"><input type="checkbox" checked={form.all} onChange={(e) => set('all')(e.currentTarget.checked)} /> All monitors</label>
        {!form.all && <MonitorPicker label="Monitors" monitors={monitors} selected={form.monitors} onChange={set('monitors')} error={fieldError('monitors')} />}
        <div class="segmented" role="group" aria-label="Schedule">
          <button type="button" class={!form.recurring ? 'active' : ''} aria-pressed={!form.recurring} onClick={() => set('recurring')(false)}>One-off</button>
          <button type="button" class={form.recurring ? 'active' : ''} aria-pressed={form.recurring} onClick={() => set('recurring')(true)}>Recurring</button>
        </div>
        {form.recurring ? (
          <>
            <Field label="Recurrence rule (RRULE)" value={form.rrule} onValue={set('rrule')} error={fieldError('rrule')} spellcheck={false}
              hint="RFC 5545, e.g. FREQ=DAILY;BYHOUR=2;BYMINUTE=30 or FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=4" />
            <div class="field-row">
              <Field label="Duration (minutes)" inputMode="numeric" value={form.minutes} onValue={set('minutes')} error={fieldError('duration_s')} />
              <TimeZoneField value={form.timezone} onValue={set('timezone')} error={fieldError('timezone')} />
            </div>
          </>
        ) : (
          <div class="field-row">
            <Field label="Starts" type="datetime-local" value={form.starts} onValue={set('starts')} error={fieldError('starts_at')} />
            <Field label="Ends" type="datetime-local" value={form.ends} onValue={set('ends')} error={fieldError('ends_at')} />
          </div>
        )}
        <FormError error={formLevelError(error, ['title', 'description', 'monitors', 'all_monitors', 'starts_at', 'ends_at', 'rrule', 'duration_s', 'timezone', 'recurrence.rrule', 'recurrence.duration_s', 'recurrence.timezone'])} />
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onClose}>Cancel</button>
          <button type="submit" class="btn primary">Save</button>
        </div>
      </form>
    </Dialog>
  );
}

function TimeZoneField({ value, onValue, error }: { value: string; onValue: (v: string) => void; error?: string }) {
  return (
    <div class={`field ${error ? 'invalid' : ''}`}>
      <label for="mw-zone">Time zone</label>
      <input id="mw-zone" list="mw-zones" value={value} onInput={(e) => onValue(e.currentTarget.value)} aria-invalid={error ? true : undefined} />
      <datalist id="mw-zones">{ZONES.map((z) => <option key={z} value={z} />)}</datalist>
      {error && <p class="field-error">{error}</p>}
    </div>
  );
}
