import { useState } from 'preact/hooks';
import { ApiError, formLevelError } from '../lib/api.ts';
import { useTitle } from '../lib/hooks.ts';
import { login } from '../lib/session.ts';
import { Field, FormError } from '../components/ui.tsx';
import { AuthFrame } from './auth-frame.tsx';

export function LoginPage({ reason }: { reason?: string }) {
  useTitle('Sign in');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await login(username.trim(), password);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  const fieldError = (name: string) => (error instanceof ApiError ? error.field(name) : undefined);
  return (
    <AuthFrame title="Sign in to Everyst">
      {reason && !error && <p class="notice" role="status">{reason}</p>}
      <form onSubmit={submit} noValidate>
        <Field label="Username or email" name="username" autoComplete="username" required value={username} onValue={setUsername} error={fieldError('username')} autoFocus />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required value={password} onValue={setPassword} error={fieldError('password')} />
        <FormError error={formLevelError(error, ['username', 'password'])} />
        <button type="submit" class="btn primary wide" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </AuthFrame>
  );
}
