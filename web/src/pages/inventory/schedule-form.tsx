import { useState } from 'preact/hooks';
import { Dialog } from '../../components/dialog.tsx';
import { Field, FormError, Select } from '../../components/ui.tsx';
import { api, ApiError, formLevelError } from '../../lib/api.ts';
import { SCAN_TYPES, type Schedule } from '../../lib/inventory.ts';
import { toast } from '../../lib/toasts.ts';

const SHOWN = ['name', 'ip_range', 'scan_type', 'every_minutes', 'rrule', 'timezone', 'enabled'];

/** Creates or edits a scan schedule: every N minutes, or by an RRULE for fixed times of day. */
export function ScheduleDialog({ schedule, onClose, onSaved }: { schedule?: Schedule; onClose: () => void; onSaved: (s: Schedule) => void }) {
  const [name, setName] = useState(schedule?.name ?? '');
  const [range, setRange] = useState(schedule?.ip_range ?? '');
  const [type, setType] = useState(schedule?.scan_type ?? 'basic');
  const [mode, setMode] = useState(schedule?.rrule ? 'rrule' : 'every');
  const [every, setEvery] = useState(String(schedule?.every_minutes ?? 60));
  const [rrule, setRrule] = useState(schedule?.rrule ?? 'FREQ=DAILY;BYHOUR=3');
  const [timezone, setTimezone] = useState(schedule?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC');
  const [enabled, setEnabled] = useState(schedule?.enabled ?? true);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const fieldError = (key: string) => (error instanceof ApiError ? error.field(key) : undefined);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const timing = mode === 'every' ? { every_minutes: Number(every) } : { rrule: rrule.trim(), timezone: timezone.trim() };
    try {
      const saved = await api<Schedule>(schedule ? `network/schedules/${schedule.id}/` : 'network/schedules/', {
        method: schedule ? 'PATCH' : 'POST', body: { name: name.trim(), ip_range: range.trim(), scan_type: type, enabled, ...timing },
      });
      toast({ title: schedule ? 'Schedule saved' : 'Schedule added', message: saved.name, type: 'success' });
      onSaved(saved);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <Dialog title={schedule ? `Edit ${schedule.name}` : 'Add scan schedule'} onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <Field label="Name" value={name} onValue={setName} error={fieldError('name')} maxLength={100} />
        <Field label="Networks" placeholder="e.g. 192.168.1.0/24" value={range} onValue={setRange} error={fieldError('ip_range')}
          hint="An IP, CIDR or list, inside the networks this server may scan" />
        <Select label="Scan type" value={type} onValue={setType} options={SCAN_TYPES} error={fieldError('scan_type')} />
        <Select label="Repeat" value={mode} onValue={setMode} options={[['every', 'Every N minutes'], ['rrule', 'At fixed times (RRULE)']]} />
        {mode === 'every'
          ? <Field label="Every (minutes)" inputMode="numeric" value={every} onValue={setEvery} error={fieldError('every_minutes')} hint="5 to 10080" />
          : (
            <div class="field-row">
              <Field label="RRULE" value={rrule} onValue={setRrule} error={fieldError('rrule')} hint="e.g. FREQ=DAILY;BYHOUR=3" />
              <Field label="Time zone" value={timezone} onValue={setTimezone} error={fieldError('timezone')} />
            </div>
          )}
        <label class="check"><input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} /> Enabled</label>
        <FormError error={formLevelError(error, SHOWN)} />
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onClose}>Cancel</button>
          <button type="submit" class="btn primary" disabled={busy}>{busy ? 'Saving…' : schedule ? 'Save' : 'Add schedule'}</button>
        </div>
      </form>
    </Dialog>
  );
}
