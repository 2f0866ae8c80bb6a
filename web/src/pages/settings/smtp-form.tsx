import { useState } from 'preact/hooks';
import { Field, FormError, Select } from '../../components/ui.tsx';
import { api, ApiError, formLevelError } from '../../lib/api.ts';
import { toast } from '../../lib/toasts.ts';

export interface SmtpSettings {
  enabled: boolean; host: string | null; port: number; username: string | null; password_set: boolean; security: 'starttls' | 'tls' | 'none';
  from_email: string | null; from_name: string; source: 'database' | 'environment' | 'none'; last_tested_at: string | null; last_test_ok: boolean | null;
}
const SHOWN = ['host', 'port', 'username', 'password', 'security', 'from_email', 'from_name', 'enabled'];

/** The SMTP settings stored in the database; they take over from the SMTP_* environment variables. */
export function SmtpForm({ settings, onSaved }: { settings: SmtpSettings; onSaved: (s: SmtpSettings) => void }) {
  const [form, setForm] = useState({
    host: settings.host ?? '', port: String(settings.port), username: settings.username ?? '', password: '', clearPassword: false,
    security: settings.security, from_email: settings.from_email ?? '', from_name: settings.from_name, enabled: settings.enabled || settings.source === 'none',
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<typeof form>) => setForm((f) => ({ ...f, ...patch }));
  const fieldError = (key: string) => (error instanceof ApiError ? error.field(key) : undefined);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const password = form.clearPassword ? { password: '' } : form.password ? { password: form.password } : {};
    try {
      const saved = await api<SmtpSettings>('integrations/smtp/', {
        method: 'PUT',
        body: {
          host: form.host.trim(), port: Number(form.port), username: form.username.trim() || null, security: form.security,
          from_email: form.from_email.trim(), from_name: form.from_name.trim() || 'Everyst', enabled: form.enabled, ...password,
        },
      });
      toast({ title: 'SMTP settings saved', type: 'success' });
      set({ password: '', clearPassword: false });
      onSaved(saved);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate>
      <div class="field-row">
        <Field label="SMTP host" value={form.host} onValue={(v) => set({ host: v })} error={fieldError('host')} placeholder="smtp.example.com" />
        <Field label="Port" inputMode="numeric" value={form.port} onValue={(v) => set({ port: v })} error={fieldError('port')} />
        <Select label="Security" value={form.security} onValue={(v) => set({ security: v as SmtpSettings['security'] })} error={fieldError('security')}
          options={[['starttls', 'STARTTLS'], ['tls', 'TLS (port 465)'], ['none', 'None']]} />
      </div>
      <div class="field-row">
        <Field label="Username" autoComplete="off" value={form.username} onValue={(v) => set({ username: v })} error={fieldError('username')} />
        <Field label="Password" type="password" autoComplete="new-password" value={form.password} onValue={(v) => set({ password: v })} error={fieldError('password')}
          hint={settings.password_set && settings.source === 'database' ? 'A password is stored; leave empty to keep it' : undefined} />
      </div>
      {settings.password_set && settings.source === 'database' && (
        <label class="check"><input type="checkbox" checked={form.clearPassword} onChange={(e) => set({ clearPassword: e.currentTarget.checked })} /> Remove the stored password</label>
      )}
      <div class="field-row">
        <Field label="From address" type="email" value={form.from_email} onValue={(v) => set({ from_email: v })} error={fieldError('from_email')} />
        <Field label="From name" value={form.from_name} onValue={(v) => set({ from_name: v })} error={fieldError('from_name')} maxLength={100} />
      </div>
      <label class="check"><input type="checkbox" checked={form.enabled} onChange={(e) => set({ enabled: e.currentTarget.checked })} /> Send email</label>
      <FormError error={formLevelError(error, SHOWN)} />
      <div class="dialog-actions">
        <button type="submit" class="btn primary" disabled={busy}>{busy ? 'Saving…' : 'Save'}</button>
      </div>
    </form>
  );
}
