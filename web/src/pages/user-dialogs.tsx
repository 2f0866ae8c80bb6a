import { useState } from 'preact/hooks';
import { Dialog } from '../components/dialog.tsx';
import { Field, FormError, Select } from '../components/ui.tsx';
import { api, ApiError } from '../lib/api.ts';
import type { Role, User } from '../lib/types.ts';

const nonFieldError = (error: unknown) => (error instanceof ApiError && Object.keys(error.fields).length ? null : error);

/** Adds a user (POST users/) or edits one (PATCH users/{id}/, then set_role/ when the role changed). */
export function UserDialog({ me, roles, user, onClose, onSaved }: { me: User; roles: Role[]; user?: User; onClose: () => void; onSaved: (u: User) => void }) {
  const [form, setForm] = useState({
    username: user?.username ?? '', email: user?.email ?? '', first_name: user?.first_name ?? '', last_name: user?.last_name ?? '',
    password: '', role: user?.role ?? (roles.some((r) => r.name === 'user') ? 'user' : roles[0]?.name ?? 'user'), is_active: user?.is_active ?? true,
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [key]: value }));
  const self = user?.id === me.id;
  const roleOptions: Array<[string, string]> = roles.map((r) => [r.name, r.display_name ?? r.name]);
  if (user && !roles.some((r) => r.name === user.role)) roleOptions.unshift([user.role, user.role_details?.display_name ?? user.role]);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      let saved: User;
      if (!user) {
        saved = await api<User>('users/', { method: 'POST', body: form });
      } else {
        const body: Record<string, unknown> = { username: form.username, email: form.email, first_name: form.first_name, last_name: form.last_name };
        if (!self) body.is_active = form.is_active;
        saved = await api<User>(`users/${user.id}/`, { method: 'PATCH', body });
        if (!self && form.role !== user.role) saved = await api<User>(`users/${user.id}/set_role/`, { method: 'POST', body: { role: form.role } });
      }
      onSaved(saved);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  const fieldError = (name: string) => (error instanceof ApiError ? error.field(name) : undefined);
  return (
    <Dialog title={user ? `Edit ${user.username}` : 'Add user'} onClose={onClose}>
      <form onSubmit={submit}>
        <Field label="Username" required autoComplete="off" value={form.username} onValue={set('username')} error={fieldError('username')} />
        <Field label="Email" type="email" required value={form.email} onValue={set('email')} error={fieldError('email')} />
        <div class="field-row">
          <Field label="First name" value={form.first_name} onValue={set('first_name')} error={fieldError('first_name')} />
          <Field label="Last name" value={form.last_name} onValue={set('last_name')} error={fieldError('last_name')} />
        </div>
        {!user && <Field label="Password" type="password" autoComplete="new-password" required value={form.password} onValue={set('password')} error={fieldError('password')} />}
        {!self && user?.role !== 'owner' && <Select label="Role" value={form.role} options={roleOptions} onValue={set('role')} />}
        {user && !self && user.role !== 'owner' && (
          <label class="check"><input type="checkbox" checked={form.is_active} onChange={(e) => setForm({ ...form, is_active: e.currentTarget.checked })} /> Active (may sign in)</label>
        )}
        <FormError error={nonFieldError(error)} />
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onClose}>Cancel</button>
          <button type="submit" class="btn primary" disabled={busy}>{busy ? 'Saving…' : user ? 'Save' : 'Add user'}</button>
        </div>
      </form>
    </Dialog>
  );
}

/** Sets another user's password (no current password needed for holders of can_manage_users). */
export function PasswordDialog({ user, onClose, onSaved }: { user: User; onClose: () => void; onSaved: () => void }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api(`users/${user.id}/change-password/`, { method: 'POST', body: { new_password: password } });
      onSaved();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <Dialog title={`New password for ${user.username}`} onClose={onClose}>
      <form onSubmit={submit}>
        <Field label="New password" type="password" autoComplete="new-password" required value={password} onValue={setPassword}
          error={error instanceof ApiError ? error.field('new_password') : undefined} hint="Their sessions end; they sign in with the new password." />
        <FormError error={nonFieldError(error)} />
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onClose}>Cancel</button>
          <button type="submit" class="btn primary" disabled={busy || !password}>Set password</button>
        </div>
      </form>
    </Dialog>
  );
}
