import { useState } from 'preact/hooks';
import { Card, Field, FormError, PageHeader } from '../components/ui.tsx';
import { api, ApiError } from '../lib/api.ts';
import { dateTime } from '../lib/format.ts';
import { useTitle } from '../lib/hooks.ts';
import { reloadUser } from '../lib/session.ts';
import { toast } from '../lib/toasts.ts';
import type { User } from '../lib/types.ts';
import { ProfileImage, Sessions } from './account-parts.tsx';
import { NotificationPreferences } from './settings/notification-preferences.tsx';

const nonFieldError = (error: unknown) => (error instanceof ApiError && Object.keys(error.fields).length ? null : error);

function ProfileForm({ user }: { user: User }) {
  const [form, setForm] = useState({ first_name: user.first_name, last_name: user.last_name, email: user.email });
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await api(`users/${user.id}/`, { method: 'PATCH', body: form });
      await reloadUser();
      toast({ title: 'Profile saved', type: 'success' });
    } catch (err) {
      setError(err);
    }
  };
  const fieldError = (name: string) => (error instanceof ApiError ? error.field(name) : undefined);
  return (
    <form onSubmit={submit}>
      <div class="field-row">
        <Field label="First name" autoComplete="given-name" value={form.first_name} onValue={(v) => setForm({ ...form, first_name: v })} error={fieldError('first_name')} />
        <Field label="Last name" autoComplete="family-name" value={form.last_name} onValue={(v) => setForm({ ...form, last_name: v })} error={fieldError('last_name')} />
      </div>
      <Field label="Email" type="email" autoComplete="email" value={form.email} onValue={(v) => setForm({ ...form, email: v })} error={fieldError('email')} />
      <FormError error={nonFieldError(error)} />
      <button type="submit" class="btn primary">Save profile</button>
    </form>
  );
}

function PasswordForm({ user }: { user: User }) {
  const [form, setForm] = useState({ current: '', next: '', confirm: '' });
  const [error, setError] = useState<unknown>(null);
  const mismatch = form.confirm !== '' && form.confirm !== form.next;
  const submit = async (e: Event) => {
    e.preventDefault();
    if (mismatch) return;
    setError(null);
    try {
      await api(`users/${user.id}/change-password/`, { method: 'POST', body: { current_password: form.current, new_password: form.next } });
      setForm({ current: '', next: '', confirm: '' });
      toast({ title: 'Password changed', message: 'Your other sessions were signed out.', type: 'success' });
    } catch (err) {
      setError(err);
    }
  };
  return (
    <form onSubmit={submit}>
      <input type="text" name="username" autoComplete="username" value={user.username} hidden readOnly />
      <Field label="Current password" type="password" autoComplete="current-password" required value={form.current} onValue={(v) => setForm({ ...form, current: v })} />
      <Field label="New password" type="password" autoComplete="new-password" required value={form.next} onValue={(v) => setForm({ ...form, next: v })}
        error={error instanceof ApiError ? error.field('new_password') : undefined} />
      <Field label="Confirm new password" type="password" autoComplete="new-password" required value={form.confirm} onValue={(v) => setForm({ ...form, confirm: v })}
        error={mismatch ? 'The passwords do not match.' : undefined} />
      <FormError error={nonFieldError(error)} />
      <button type="submit" class="btn primary" disabled={!form.current || !form.next || mismatch}>Change password</button>
    </form>
  );
}

export function AccountPage({ user }: { user: User }) {
  useTitle('Account');
  return (
    <>
      <PageHeader title="Account" />
      <div class="grid-2">
        <Card title="Profile">
          <p class="muted small">Signed in as <strong>{user.username}</strong> · {user.role_details?.display_name ?? user.role} · member since {dateTime(user.date_joined)}</p>
          <ProfileForm user={user} />
        </Card>
        <Card title="Profile image"><ProfileImage user={user} /></Card>
        <Card title="Password"><PasswordForm user={user} /></Card>
        <Card title="Sessions"><Sessions /></Card>
        <Card title="Notification preferences"><NotificationPreferences email={user.email} /></Card>
      </div>
    </>
  );
}
