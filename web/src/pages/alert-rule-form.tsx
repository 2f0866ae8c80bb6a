import { useState } from 'preact/hooks';
import { ChannelPicker } from '../components/channel-picker.tsx';
import { Dialog } from '../components/dialog.tsx';
import { HostPicker } from '../components/host-picker.tsx';
import { Field, FormError, Select } from '../components/ui.tsx';
import { api, ApiError, formLevelError } from '../lib/api.ts';
import { METRIC_TEXT, METRICS, ruleBody, ruleForm, validateRule, type AlertRule, type RuleForm } from '../lib/alert-rules.ts';
import type { Channel } from '../lib/channels.ts';
import { toast } from '../lib/toasts.ts';

const SHOWN = [...Object.keys(ruleForm()), 'channels', 'hosts'];

/** Creates (POST alert-rules/) or edits (PATCH alert-rules/{id}/) a threshold rule, the hosts it covers and the channels its alerts go to. */
export function AlertRuleDialog({ rule, channels, onClose, onSaved }: { rule?: AlertRule; channels: Channel[] | undefined; onClose: () => void; onSaved: () => void }) {
  const [form, setForm] = useState<RuleForm>(() => ruleForm(rule));
  // Without the channel list (it could not be loaded) the rule's channels are left as they are.
  const known = channels && new Set(channels.map((c) => c.id));
  const [picked, setPicked] = useState<string[]>((rule?.channels ?? []).filter((id) => !known || known.has(id)));
  const [hosts, setHosts] = useState<string[]>(rule?.hosts ?? []);
  const [checked, setChecked] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof RuleForm>(key: K) => (value: RuleForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const local = validateRule(form);
  const fieldError = (key: keyof RuleForm | 'non_field_errors') => (checked ? local[key] : undefined) ?? (error instanceof ApiError ? error.field(key) : undefined);
  const meta = METRIC_TEXT[form.metric];
  const unit = meta.unit ? ` (${meta.unit})` : '';
  const submit = async (e: Event) => {
    e.preventDefault();
    setChecked(true);
    if (Object.keys(local).length) return;
    setBusy(true);
    setError(null);
    try {
      await api<AlertRule>(rule ? `alert-rules/${rule.id}/` : 'alert-rules/', { method: rule ? 'PATCH' : 'POST', body: { ...ruleBody(form), hosts, ...(known ? { channels: picked } : {}) } });
      toast({ title: rule ? 'Alert rule saved' : 'Alert rule added', message: form.name.trim(), type: 'success' });
      onSaved();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <Dialog title={rule ? `Edit ${rule.name}` : 'Add alert rule'} onClose={onClose} wide>
      <form onSubmit={submit} noValidate>
        <div class="field-row">
          <Field label="Name" value={form.name} onValue={set('name')} error={fieldError('name')} maxLength={100} />
          <Select label="Metric" value={form.metric} onValue={(v) => set('metric')(v as RuleForm['metric'])} error={fieldError('metric')}
            options={METRICS.map((m): [string, string] => [m, METRIC_TEXT[m].label])} />
        </div>
        {meta.target && <Field label="Target" value={form.target} onValue={set('target')} error={fieldError('target')} hint={meta.target} spellcheck={false} autoCapitalize="off" />}
        <div class="field-row">
          <Field label={`Warning threshold${unit}`} inputMode="decimal" value={form.warning_threshold} onValue={set('warning_threshold')} error={fieldError('warning_threshold')} />
          <Field label={`Critical threshold${unit}`} inputMode="decimal" value={form.critical_threshold} onValue={set('critical_threshold')} error={fieldError('critical_threshold')} />
        </div>
        {fieldError('non_field_errors') && <p class="field-error" role="alert">{fieldError('non_field_errors')}</p>}
        <div class="field-row">
          <Field label="For at least (s)" inputMode="numeric" value={form.duration_seconds} onValue={set('duration_seconds')} error={fieldError('duration_seconds')} />
          <Field label="Hysteresis" inputMode="decimal" value={form.hysteresis} onValue={set('hysteresis')} error={fieldError('hysteresis')} hint="How far below a threshold it resolves" />
          <Field label="Cooldown (s)" inputMode="numeric" value={form.cooldown_seconds} onValue={set('cooldown_seconds')} error={fieldError('cooldown_seconds')} />
        </div>
        <label class="check"><input type="checkbox" checked={form.enabled} onChange={(e) => set('enabled')(e.currentTarget.checked)} /> Enabled</label>
        <label class="check"><input type="checkbox" checked={form.notify} onChange={(e) => set('notify')(e.currentTarget.checked)} /> Notify</label>
        <HostPicker selected={hosts} onChange={setHosts} error={error instanceof ApiError ? error.field('hosts') : undefined} />
        {channels ? <ChannelPicker channels={channels} selected={picked} onChange={setPicked} what="this rule" error={error instanceof ApiError ? error.field('channels') : undefined} />
          : <p class="field-error">Channels could not be loaded; this rule's channels are kept.</p>}
        <FormError error={formLevelError(error, [...SHOWN, 'non_field_errors'])} />
        {checked && Object.keys(local).length > 0 && <p class="field-error" role="alert">Please correct the marked fields.</p>}
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onClose}>Cancel</button>
          <button type="submit" class="btn primary" disabled={busy}>{busy ? 'Saving…' : rule ? 'Save' : 'Add rule'}</button>
        </div>
      </form>
    </Dialog>
  );
}
