import { useEffect, useState } from 'preact/hooks';
import { ErrorState, FormError, Loading, Select } from '../../components/ui.tsx';
import { api } from '../../lib/api.ts';
import { useAsync } from '../../lib/hooks.ts';
import { toast } from '../../lib/toasts.ts';

interface Preferences { email: { enabled: boolean; min_type: 'info' | 'warning' | 'error' } }

/** The signed-in user's delivery preferences: notifications also by email, from a type up (in-app is always on). */
export function NotificationPreferences({ email }: { email: string }) {
  const loaded = useAsync((signal) => api<Preferences>('notifications/preferences/', { signal }), []);
  const [prefs, setPrefs] = useState<Preferences | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => { if (loaded.data) setPrefs(loaded.data); }, [loaded.data]);
  if (loaded.error && !prefs) return <ErrorState error={loaded.error} retry={loaded.reload} />;
  if (!prefs) return <Loading />;
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setPrefs(await api<Preferences>('notifications/preferences/', { method: 'PUT', body: { email: prefs.email } }));
      toast({ title: 'Notification preferences saved', type: 'success' });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const set = (patch: Partial<Preferences['email']>) => setPrefs({ email: { ...prefs.email, ...patch } });
  return (
    <form onSubmit={save} data-testid="notification-preferences">
      <p class="muted small">Notifications always appear here in the dashboard. They can also be emailed to {email || 'your address'} when the server has SMTP settings.</p>
      <label class="check"><input type="checkbox" checked={prefs.email.enabled} onChange={(e) => set({ enabled: e.currentTarget.checked })} /> Also send my notifications by email</label>
      <Select label="Email from this type up" value={prefs.email.min_type} onValue={(v) => set({ min_type: v as Preferences['email']['min_type'] })} disabled={!prefs.email.enabled}
        options={[['info', 'Info and above'], ['warning', 'Warnings and errors'], ['error', 'Errors only']]} />
      <FormError error={error} />
      <div class="dialog-actions"><button type="submit" class="btn primary" disabled={busy}>{busy ? 'Saving…' : 'Save preferences'}</button></div>
    </form>
  );
}
