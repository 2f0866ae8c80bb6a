import { Field, Select, TextArea } from '../components/ui.tsx';
import { loadAllDevices } from '../lib/devices.ts';
import { useAsync } from '../lib/hooks.ts';
import { EXPIRY_TYPES, HOST_TYPES, URL_TYPES, type MonitorForm } from '../lib/monitor-form.ts';
import { DNS_RECORD_TYPES, HTTP_METHODS } from '../lib/monitors.ts';

export interface FieldsProps {
  form: MonitorForm;
  set: <K extends keyof MonitorForm>(key: K) => (value: MonitorForm[K]) => void;
  error: (key: keyof MonitorForm) => string | undefined;
  passwordSet?: boolean;
}

/** What the monitor checks: the fields its type needs (monitoring.md §2.1), and nothing else. */
export function TargetFields({ form, set, error, passwordSet }: FieldsProps) {
  const t = form.type;
  return (
    <>
      {URL_TYPES.includes(t) && <Field label="URL" value={form.target} onValue={set('target')} error={error('target')} placeholder="https://example.org/health" autoCapitalize="off" spellcheck={false} />}
      {HOST_TYPES.includes(t) && (
        <div class="field-row">
          <Field label={t === 'dns' ? 'Name to resolve' : 'Host or IP'} value={form.target} onValue={set('target')} error={error('target')} autoCapitalize="off" spellcheck={false} />
          {(t === 'tcp' || t === 'tls') && <Field label="Port" inputMode="numeric" value={form.port} onValue={set('port')} error={error('port')} placeholder={t === 'tls' ? '443' : ''} />}
        </div>
      )}
      {t === 'keyword' && (
        <>
          <Field label="Keyword" value={form.keyword} onValue={set('keyword')} error={error('keyword')} hint="Text that must appear in the response body" />
          <label class="check"><input type="checkbox" checked={form.invert_keyword} onChange={(e) => set('invert_keyword')(e.currentTarget.checked)} /> Down when the keyword is found (invert)</label>
        </>
      )}
      {t === 'json-query' && (
        <div class="field-row">
          <Field label="JSON query" value={form.json_path} onValue={set('json_path')} error={error('json_path')} placeholder="$.status" spellcheck={false} />
          <Field label="Expected value" value={form.expected_value} onValue={set('expected_value')} error={error('expected_value')} placeholder="ok" />
        </div>
      )}
      {t === 'dns' && (
        <>
          <div class="field-row">
            <Select label="Record type" value={form.record_type} options={DNS_RECORD_TYPES.map((r) => [r, r])} onValue={set('record_type')} error={error('record_type')} />
            <Field label="Resolver" value={form.resolver} onValue={set('resolver')} error={error('resolver')} hint="IP address; empty = the server's" />
            <Field label="Resolver port" inputMode="numeric" value={form.dns_port} onValue={set('dns_port')} error={error('dns_port')} placeholder="53" />
          </div>
          <Field label="Expected answer" value={form.expected_value} onValue={set('expected_value')} error={error('expected_value')} hint="Optional: one answer must equal this" />
        </>
      )}
      {t === 'device' && <DevicePicker form={form} set={set} error={error} />}
      {t === 'push' && <p class="notice small">Push monitors wait for your job to call their push URL. The URL appears once the monitor is saved.</p>}
      {URL_TYPES.includes(t) && <HttpFields form={form} set={set} error={error} passwordSet={passwordSet} />}
      {EXPIRY_TYPES.includes(t) && <Field label="Certificate expiry warning (days)" inputMode="numeric" value={form.tls_expiry_days} onValue={set('tls_expiry_days')}
        error={error('tls_expiry_days')} hint="Down when the certificate expires within this many days; 0 = off" />}
    </>
  );
}

function DevicePicker({ form, set, error }: FieldsProps) {
  const devices = useAsync((signal) => loadAllDevices(signal), []);
  const options: Array<[string, string]> = [['', devices.data ? 'Choose a device…' : devices.error ? 'Devices could not be loaded' : 'Loading devices…'],
    ...(devices.data ?? []).map((d): [string, string] => [d.id, `${d.label}${d.ip ? ` (${d.ip})` : ''}`])];
  return <Select label="Device" value={form.device_id} options={options} onValue={set('device_id')} error={error('device_id')} />;
}

function HttpFields({ form, set, error, passwordSet }: FieldsProps) {
  return (
    <details class="more" open={Boolean(error('method') || error('accepted_status') || error('headers') || error('body') || error('auth_password') || error('max_redirects'))}>
      <summary>HTTP options</summary>
      <div class="field-row">
        <Select label="Method" value={form.method} options={HTTP_METHODS.map((m) => [m, m])} onValue={set('method')} error={error('method')} />
        <Field label="Accepted status codes" value={form.accepted_status} onValue={set('accepted_status')} error={error('accepted_status')} hint="e.g. 200-299, 301" />
        <Field label="Max. redirects" inputMode="numeric" value={form.max_redirects} onValue={set('max_redirects')} error={error('max_redirects')} />
      </div>
      <TextArea label="Headers (JSON)" mono value={form.headers} onValue={set('headers')} error={error('headers')} />
      {form.method !== 'GET' && form.method !== 'HEAD' && <TextArea label="Request body" mono value={form.body} onValue={set('body')} error={error('body')} />}
      <div class="field-row">
        <Field label="Basic auth user" autoComplete="off" value={form.auth_user} onValue={set('auth_user')} error={error('auth_user')} />
        <Field label="Basic auth password" type="password" autoComplete="new-password" value={form.auth_password} onValue={set('auth_password')}
          error={error('auth_password')} hint={passwordSet ? 'Stored; leave empty to keep it' : undefined} />
      </div>
      <label class="check"><input type="checkbox" checked={form.ignore_tls} onChange={(e) => set('ignore_tls')(e.currentTarget.checked)} /> Accept invalid TLS certificates</label>
    </details>
  );
}

/** How often and how patiently: the same for every type. */
export function ScheduleFields({ form, set, error }: FieldsProps) {
  return (
    <div class="field-row">
      <Field label="Interval (s)" inputMode="numeric" value={form.interval_s} onValue={set('interval_s')} error={error('interval_s')} />
      <Field label="Timeout (s)" inputMode="decimal" value={form.timeout_s} onValue={set('timeout_s')} error={error('timeout_s')} placeholder="auto" />
      <Field label="Retries" inputMode="numeric" value={form.retries} onValue={set('retries')} error={error('retries')} hint="Failures before down" />
      <Field label="Retry interval (s)" inputMode="numeric" value={form.retry_interval_s} onValue={set('retry_interval_s')} error={error('retry_interval_s')} placeholder="= interval" />
      <Field label="Resend every N down checks" inputMode="numeric" value={form.resend_every} onValue={set('resend_every')} error={error('resend_every')} hint="0 = never" />
    </div>
  );
}
