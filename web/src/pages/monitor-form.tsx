import { useState } from 'preact/hooks';
import { ChannelPicker } from '../components/channel-picker.tsx';
import { Dialog } from '../components/dialog.tsx';
import { Field, FormError, Select } from '../components/ui.tsx';
import { api, ApiError, formLevelError } from '../lib/api.ts';
import { loadChannels } from '../lib/channels.ts';
import { useAsync } from '../lib/hooks.ts';
import { bodyFrom, formFrom, SERVER_FIELD, validateForm, type MonitorForm } from '../lib/monitor-form.ts';
import { MONITOR_TYPES, pushUrl, TYPE_TEXT, type Monitor } from '../lib/monitors.ts';
import { can, currentUser } from '../lib/session.ts';
import { toast } from '../lib/toasts.ts';
import { ScheduleFields, TargetFields } from './monitor-form-fields.tsx';

/** Server field names the form shows next to an input; any other field error goes into the form's error line. */
function shownServerFields(): Set<string> {
  const keys = new Set<string>([...Object.keys(formFrom()), 'channels']);
  for (const names of Object.values(SERVER_FIELD)) for (const n of names ?? []) keys.add(n);
  return keys;
}

/** Creates (POST monitors/) or edits (PATCH monitors/{id}/) a monitor of any type. */
export function MonitorFormDialog({ monitor, onClose, onSaved }: { monitor?: Monitor; onClose: () => void; onSaved: (m: Monitor) => void }) {
  const [form, setForm] = useState<MonitorForm>(() => formFrom(monitor));
  const [checked, setChecked] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // Only holders of can_manage_system may list channels; for anyone else the monitor's channels are left as they are.
  const canPick = can(currentUser(), 'can_manage_system');
  const channelList = useAsync((signal) => (canPick ? loadChannels(signal) : Promise.resolve(undefined)), [canPick]);
  const [channels, setChannels] = useState<string[]>(monitor?.channels ?? []);
  const local = validateForm(form, monitor);
  const set = <K extends keyof MonitorForm>(key: K) => (value: MonitorForm[K]) => setForm((f) => {
    const next = { ...f, [key]: value };
    // A new TLS monitor warns 14 days ahead by default (monitoring.md §2.1); HTTP monitors start with it off.
    if (key === 'type' && !monitor && (f.tls_expiry_days === '0' || f.tls_expiry_days === '14')) next.tls_expiry_days = value === 'tls' ? '14' : '0';
    return next;
  });
  const serverError = (key: keyof MonitorForm) => {
    if (!(error instanceof ApiError)) return undefined;
    for (const name of [key, ...(SERVER_FIELD[key] ?? [])]) {
      const text = error.field(name);
      if (text) return text;
    }
    return undefined;
  };
  const fieldError = (key: keyof MonitorForm) => (checked ? local[key] : undefined) ?? serverError(key);
  const submit = async (e: Event) => {
    e.preventDefault();
    setChecked(true);
    if (Object.keys(local).length) return;
    setBusy(true);
    setError(null);
    try {
      const known = channelList.data && new Set(channelList.data.map((c) => c.id));
      const body = { ...bodyFrom(form), ...(known ? { channels: channels.filter((id) => known.has(id)) } : {}) };
      const saved = await api<Monitor>(monitor ? `monitors/${monitor.id}/` : 'monitors/', { method: monitor ? 'PATCH' : 'POST', body });
      toast({ title: monitor ? 'Monitor saved' : 'Monitor created', message: saved.name, type: 'success' });
      onSaved(saved);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  const props = { form, set, error: fieldError, passwordSet: Boolean(monitor?.http?.basic_auth?.password_set) };
  return (
    <Dialog title={monitor ? `Edit ${monitor.name}` : 'Add monitor'} onClose={onClose} wide>
      <form onSubmit={submit} noValidate>
        <div class="field-row">
          <Select label="Monitor type" value={form.type} options={MONITOR_TYPES.map((t) => [t, TYPE_TEXT[t]])} onValue={(v) => set('type')(v as MonitorForm['type'])} error={fieldError('type')} />
          <Field label="Name" value={form.name} onValue={set('name')} error={fieldError('name')} maxLength={120} />
        </div>
        <TargetFields {...props} />
        {monitor?.type === 'push' && form.type === 'push' && monitor.push_token && <PushUrl token={monitor.push_token} />}
        <ScheduleFields {...props} />
        <Field label="Tags" hint="Separated by commas" value={form.tags} onValue={set('tags')} error={fieldError('tags')} />
        {canPick && (channelList.error ? <p class="field-error">Channels could not be loaded; this monitor's channels are kept.</p>
          : <ChannelPicker channels={channelList.data} selected={channels} onChange={setChannels} error={error instanceof ApiError ? error.field('channels') : undefined} />)}
        <label class="check"><input type="checkbox" checked={form.active} onChange={(e) => set('active')(e.currentTarget.checked)} /> Active (uncheck to pause)</label>
        <FormError error={formLevelError(error, shownServerFields())} />
        {checked && Object.keys(local).length > 0 && <p class="field-error" role="alert">Please correct the marked fields.</p>}
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onClose}>Cancel</button>
          <button type="submit" class="btn primary" disabled={busy}>{busy ? 'Saving…' : monitor ? 'Save' : 'Add monitor'}</button>
        </div>
      </form>
    </Dialog>
  );
}

/** The push URL of a push monitor, to copy into a cron job or script. */
export function PushUrl({ token }: { token: string }) {
  const url = pushUrl(token);
  const copy = () => navigator.clipboard?.writeText(url).then(() => toast({ title: 'Push URL copied', type: 'success' }), () => undefined);
  return (
    <div class="push-url">
      <span class="muted small">Push URL</span>
      <code data-testid="push-url">{url}</code>
      <button type="button" class="btn small" onClick={() => void copy()}>Copy</button>
      <p class="hint">Call it (GET or POST) at least every interval; add <code>?status=down&amp;msg=…</code> to report a failure.</p>
    </div>
  );
}
