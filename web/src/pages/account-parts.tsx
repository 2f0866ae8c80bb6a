import { useEffect, useState } from 'preact/hooks';
import { ErrorState, Loading } from '../components/ui.tsx';
import { api, apiBlob, errorText } from '../lib/api.ts';
import { ago, describeAgent } from '../lib/format.ts';
import { useAsync } from '../lib/hooks.ts';
import { logout, reloadUser } from '../lib/session.ts';
import { toast } from '../lib/toasts.ts';
import type { Page, User } from '../lib/types.ts';

/** The image is behind the API's Bearer auth, so it is fetched as a blob rather than linked. */
export function ProfileImage({ user }: { user: User }) {
  const [url, setUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!user.profile_image) return setUrl(null);
    let objectUrl: string | null = null;
    const controller = new AbortController();
    apiBlob(`${user.profile_image}?t=${Date.now()}`, controller.signal).then((blob) => {
      if (blob) setUrl((objectUrl = URL.createObjectURL(blob)));
    }, () => undefined);
    return () => {
      controller.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [user.profile_image, user.id, busy]);
  const change = async (action: () => Promise<unknown>, done: string) => {
    setBusy(true);
    try {
      await action();
      await reloadUser();
      toast({ title: done, type: 'success' });
    } catch (e) {
      toast({ title: 'Profile image', message: errorText(e), type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  const upload = (file: File | undefined) => {
    if (!file) return;
    const form = new FormData();
    form.append('image', file);
    void change(() => api(`users/${user.id}/profile-image/`, { method: 'POST', body: form }), 'Profile image updated');
  };
  return (
    <div class="avatar-row">
      {url ? <img class="avatar" src={url} alt="Your profile image" width="96" height="96" /> : <div class="avatar placeholder" aria-hidden="true">{user.username.slice(0, 1).toUpperCase()}</div>}
      <div>
        <label class="btn">
          Upload image<input type="file" accept="image/png,image/jpeg,image/webp" class="sr-only" disabled={busy} onChange={(e) => upload(e.currentTarget.files?.[0])} />
        </label>
        {user.profile_image && <button type="button" class="btn" disabled={busy} onClick={() => void change(() => api(`users/${user.id}/profile-image/`, { method: 'DELETE' }), 'Profile image removed')}>Remove</button>}
        <p class="muted small">PNG, JPEG or WebP.</p>
      </div>
    </div>
  );
}

interface SessionRow { id: string; created_at: string; last_used_at: string; ip_address: string | null; user_agent: string | null; current: boolean }

export function Sessions() {
  const sessions = useAsync((signal) => api<Page<SessionRow>>('auth/sessions/?page_size=50', { signal }), []);
  const revoke = async (id: string) => {
    try {
      await api(`auth/sessions/${id}/`, { method: 'DELETE' });
      sessions.reload();
    } catch (e) {
      toast({ title: 'Sessions', message: errorText(e), type: 'error' });
    }
  };
  if (sessions.error) return <ErrorState error={sessions.error} retry={sessions.reload} />;
  if (!sessions.data) return <Loading />;
  return (
    <>
      <ul class="plain-list sessions">
        {sessions.data.results.map((s) => (
          <li key={s.id}>
            <div>
              <strong title={s.user_agent ?? undefined}>{describeAgent(s.user_agent)}</strong>{s.current && <span class="badge badge-ok">this session</span>}
              <div class="muted small">{s.ip_address ?? 'unknown address'} · active {ago(s.last_used_at)}</div>
            </div>
            {!s.current && <button type="button" class="btn small" onClick={() => void revoke(s.id)}>Sign out</button>}
          </li>
        ))}
      </ul>
      <button type="button" class="btn danger" onClick={() => void logout(true)}>Sign out everywhere</button>
    </>
  );
}
