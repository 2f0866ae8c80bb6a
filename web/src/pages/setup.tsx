import { useState } from 'preact/hooks';
import { ApiError } from '../lib/api.ts';
import { useTitle } from '../lib/hooks.ts';
import { register } from '../lib/session.ts';
import { Field, FormError } from '../components/ui.tsx';
import { AuthFrame } from './auth-frame.tsx';

/** First run: no user exists yet, so the first account becomes the owner (rest.md §3.3). */
export function SetupPage() {
  useTitle('Welcome');
  const [form, setForm] = useState({ username: '', email: '', first_name: '', last_name: '', password: '', confirm: '' });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const mismatch = form.confirm !== '' && form.confirm !== form.password;
  const submit = async (e: Event) => {
    e.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(null);
    try {
      await register({ username: form.username, email: form.email, first_name: form.first_name, last_name: form.last_name, password: form.password });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  const fieldError = (name: string) => (error instanceof ApiError ? error.field(name) : undefined);
  return (
    <AuthFrame title="Create the owner account" intro={<p class="muted">This is a new Everyst server. The first account owns it and can invite everyone else.</p>}>
      <form onSubmit={submit} noValidate>
        <Field label="Username" name="username" autoComplete="username" required value={form.username} onValue={set('username')} error={fieldError('username')} autoFocus />
        <Field label="Email" name="email" type="email" autoComplete="email" required value={form.email} onValue={set('email')} error={fieldError('email')} />
        <div class="field-row">
          <Field label="First name" name="first_name" autoComplete="given-name" value={form.first_name} onValue={set('first_name')} error={fieldError('first_name')} />
          <Field label="Last name" name="last_name" autoComplete="family-name" value={form.last_name} onValue={set('last_name')} error={fieldError('last_name')} />
        </div>
        <Field label="Password" name="password" type="password" autoComplete="new-password" required value={form.password} onValue={set('password')}
          error={fieldError('password')} hint="At least 8 characters; not a common password." />
        <Field label="Confirm password" name="confirm" type="password" autoComplete="new-password" required value={form.confirm} onValue={set('confirm')}
          error={mismatch ? 'The passwords do not match.' : undefined} />
        <FormError error={error instanceof ApiError && Object.keys(error.fields).length ? null : error} />
        <button type="submit" class="btn primary wide" disabled={busy || mismatch}>{busy ? 'Creating…' : 'Create account'}</button>
      </form>
    </AuthFrame>
  );
}
