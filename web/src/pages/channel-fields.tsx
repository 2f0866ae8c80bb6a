import { Field, Select, TextArea } from '../components/ui.tsx';
import { CHANNEL_EVENTS, secretSet, type Channel, type ChannelKind, type ConfigForm, type KindField } from '../lib/channels.ts';

interface KindFieldsProps {
  kind: ChannelKind;
  channel?: Channel;
  values: ConfigForm;
  onValue: (key: string, value: string | boolean) => void;
  error: (key: string) => string | undefined;
  clear: ReadonlySet<string>;
  onClear: (key: string, on: boolean) => void;
}

/** The inputs of one kind's config, built from its field list (GET integrations/channels/kinds/). */
export function KindFields({ kind, channel, values, onValue, error, clear, onClear }: KindFieldsProps) {
  return (
    <div class="kind-fields" data-kind={kind.kind}>
      {kind.fields.map((f) => (
        <ConfigField key={`${kind.kind}.${f.key}`} field={f} value={values[f.key]} onValue={(v) => onValue(f.key, v)} error={error(f.key)}
          isSet={secretSet(channel, f.key)} clearing={clear.has(f.key)} onClear={(on) => onClear(f.key, on)} />
      ))}
    </div>
  );
}

function ConfigField({ field: f, value, onValue, error, isSet, clearing, onClear }: {
  field: KindField; value: string | boolean | undefined; onValue: (v: string | boolean) => void; error?: string;
  isSet: boolean; clearing: boolean; onClear: (on: boolean) => void;
}) {
  const text = typeof value === 'string' ? value : '';
  const label = f.required ? `${f.label} *` : f.label;
  if (f.type === 'boolean') {
    return (
      <div class="field">
        <label class="check"><input type="checkbox" checked={value === true} onChange={(e) => onValue(e.currentTarget.checked)} /> {f.label}</label>
        {(error || f.help) && <p class={error ? 'field-error' : 'hint'}>{error ?? f.help}</p>}
      </div>
    );
  }
  if (f.secret) {
    const hint = isSet ? (clearing ? 'Will be removed on save' : 'set — leave empty to keep') : f.help;
    return (
      <div class="secret-field">
        <Field label={label} type="password" autoComplete="new-password" value={text} onValue={onValue} error={error} hint={hint}
          disabled={clearing} spellcheck={false} autoCapitalize="off" />
        {isSet && !f.required && (
          <label class="check small"><input type="checkbox" checked={clearing} onChange={(e) => onClear(e.currentTarget.checked)} /> Remove the stored {f.label.toLowerCase()}</label>
        )}
      </div>
    );
  }
  switch (f.type) {
    case 'select':
      return <Select label={label} value={text} onValue={onValue} error={error}
        options={[...(f.required ? [] : [['', '—'] as [string, string]]), ...(f.options ?? []).map((o): [string, string] => [o, o])]} />;
    case 'string-list':
      return <TextArea label={label} value={text} onValue={onValue} error={error} rows={3} hint={f.help ? `One per line. ${f.help}` : 'One per line'} />;
    case 'json-template':
      return <TextArea label={label} mono value={text} onValue={onValue} error={error} rows={6} hint={f.help} />;
    case 'integer':
      return <Field label={label} inputMode="numeric" value={text} onValue={onValue} error={error}
        hint={f.help ?? (f.min !== undefined && f.max !== undefined ? `${f.min}–${f.max}` : undefined)} />;
    default:
      return <Field label={label} value={text} onValue={onValue} error={error} hint={f.help} spellcheck={false} autoCapitalize="off"
        placeholder={f.type === 'url' && typeof f.default === 'string' ? f.default : undefined} />;
  }
}

/** The events a channel takes; none checked takes every event. */
export function EventsField({ events, onChange, error }: { events: string[]; onChange: (e: string[]) => void; error?: string }) {
  return (
    <fieldset class={`events-field ${error ? 'invalid' : ''}`}>
      <legend>Events</legend>
      <p class="hint">{events.length === 0 ? 'None checked: every event.' : `${events.length} checked.`}</p>
      <div class="check-grid">
        {CHANNEL_EVENTS.map((ev) => (
          <label key={ev} class="check"><input type="checkbox" checked={events.includes(ev)}
            onChange={(e) => onChange(e.currentTarget.checked ? [...events, ev] : events.filter((x) => x !== ev))} /> <code>{ev}</code></label>
        ))}
      </div>
      {error && <p class="field-error">{error}</p>}
    </fieldset>
  );
}
