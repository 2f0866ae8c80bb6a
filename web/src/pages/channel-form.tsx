import { useState } from 'preact/hooks';
import { Dialog } from '../components/dialog.tsx';
import { Field, FormError, Select } from '../components/ui.tsx';
import { api, ApiError, formLevelError } from '../lib/api.ts';
import { configBody, configForm, SEVERITIES, validateConfig, type Channel, type ChannelKind, type ConfigForm } from '../lib/channels.ts';
import { toast } from '../lib/toasts.ts';
import { EventsField, KindFields } from './channel-fields.tsx';

const TOP = ['name', 'kind', 'enabled', 'events', 'min_severity', 'config'];

/** Creates (pick a kind, then its form) or edits a channel; the kind of a saved channel cannot change. */
export function ChannelDialog({ channel, kinds, onClose, onSaved }: { channel?: Channel; kinds: ChannelKind[]; onClose: () => void; onSaved: (c: Channel) => void }) {
  const [kindName, setKindName] = useState(channel?.kind ?? '');
  const kind = kinds.find((k) => k.kind === kindName);
  const [name, setName] = useState(channel?.name ?? '');
  const [enabled, setEnabled] = useState(channel?.enabled ?? true);
  const [events, setEvents] = useState<string[]>(channel?.events ?? []);
  const [severity, setSeverity] = useState<string>(channel?.min_severity ?? 'info');
  const [values, setValues] = useState<ConfigForm>(() => (kind ? configForm(kind, channel) : {}));
  const [clear, setClear] = useState<Set<string>>(new Set());
  const [checked, setChecked] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const pickKind = (k: string) => {
    setKindName(k);
    const next = kinds.find((x) => x.kind === k);
    setValues(next ? configForm(next) : {});
    setError(null);
  };
  const local: Record<string, string> = kind ? validateConfig(kind, values, channel) : {};
  if (!name.trim()) local.name = 'Enter a name.';
  if (!kind) local.kind = 'Choose a kind.';
  const server = (key: string) => (error instanceof ApiError ? error.field(key) : undefined);
  const topError = (key: string) => (checked ? local[key] : undefined) ?? server(key);
  const configError = (key: string) => (checked ? local[key] : undefined) ?? server(`config.${key}`);
  const shown = [...TOP, ...(kind?.fields ?? []).map((f) => `config.${f.key}`)];

  const submit = async (e: Event) => {
    e.preventDefault();
    setChecked(true);
    if (!kind || Object.keys(local).length) return;
    setBusy(true);
    setError(null);
    const body = { name: name.trim(), enabled, events, min_severity: severity, config: configBody(kind, values, clear), ...(channel ? {} : { kind: kind.kind }) };
    try {
      const saved = await api<Channel>(channel ? `integrations/channels/${channel.id}/` : 'integrations/channels/', { method: channel ? 'PATCH' : 'POST', body });
      toast({ title: channel ? 'Channel saved' : 'Channel added', message: saved.name, type: 'success' });
      onSaved(saved);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <Dialog title={channel ? `Edit ${channel.name}` : 'Add channel'} onClose={onClose} wide>
      <form onSubmit={submit} noValidate>
        <div class="field-row">
          {channel ? <Field label="Kind" value={kind?.label ?? channel.kind} disabled />
            : <Select label="Kind" value={kindName} error={topError('kind')} onValue={pickKind}
              options={[['', 'Choose a kind…'], ...kinds.map((k): [string, string] => [k.kind, k.label])]} />}
          <Field label="Name" value={name} onValue={setName} error={topError('name')} maxLength={100} />
        </div>
        {kind && (
          <>
            <KindFields kind={kind} channel={channel} values={values} error={configError} clear={clear}
              onValue={(key, v) => setValues((f) => ({ ...f, [key]: v }))}
              onClear={(key, on) => setClear((s) => { const next = new Set(s); if (on) next.add(key); else next.delete(key); return next; })} />
            <EventsField events={events} onChange={setEvents} error={topError('events')} />
            <div class="field-row">
              <Select label="Minimum severity" value={severity} onValue={setSeverity} error={topError('min_severity')}
                options={SEVERITIES.map((s): [string, string] => [s, s])} />
            </div>
            <label class="check"><input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.currentTarget.checked)} /> Enabled</label>
          </>
        )}
        <FormError error={formLevelError(error, shown)} />
        {checked && Object.keys(local).length > 0 && <p class="field-error" role="alert">Please correct the marked fields.</p>}
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onClose}>Cancel</button>
          <button type="submit" class="btn primary" disabled={busy}>{busy ? 'Saving…' : channel ? 'Save' : 'Add channel'}</button>
        </div>
      </form>
    </Dialog>
  );
}
