import { useState } from 'preact/hooks';
import { Dialog } from '../../components/dialog.tsx';
import { Badge, EmptyState, ErrorState, Loading } from '../../components/ui.tsx';
import { api, errorText } from '../../lib/api.ts';
import { dateTime, describeAgent } from '../../lib/format.ts';
import { useAsync } from '../../lib/hooks.ts';
import { toast } from '../../lib/toasts.ts';
import type { Page, User } from '../../lib/types.ts';

export type LockableUser = User & { locked_until?: string | null };

export const isLocked = (u: LockableUser) => Boolean(u.locked_until && Date.parse(u.locked_until) > Date.now());

/** Lifts the login lockout of an account at once (otherwise it ends by itself at `locked_until`). */
export function UnlockButton({ user, onUnlocked }: { user: LockableUser; onUnlocked: () => void }) {
  const [busy, setBusy] = useState(false);
  const unlock = async () => {
    setBusy(true);
    try {
      await api(`users/${user.id}/unlock/`, { method: 'POST' });
      toast({ title: `${user.username} is unlocked`, message: 'They can sign in again now.', type: 'success' });
      onUnlocked();
    } catch (e) {
      toast({ title: 'Could not unlock the account', message: errorText(e), type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return <button type="button" class="btn small" disabled={busy} onClick={() => void unlock()} aria-label={`Unlock ${user.username}`}>Unlock</button>;
}

interface Attempt { id: number; ip_address: string; user_agent: string | null; timestamp: string; was_successful: boolean; outcome: string }
const OUTCOME: Record<string, string> = { success: 'signed in', invalid_credentials: 'wrong password', inactive: 'account inactive', locked_out: 'locked out', invalid_request: 'invalid request' };

/** The latest sign-in attempts for a user name (needs can_view_all_data). */
export function SignInsDialog({ user, onClose }: { user: User; onClose: () => void }) {
  const attempts = useAsync((signal) => api<Page<Attempt>>(`auth/login-attempts/?username=${encodeURIComponent(user.username)}&page_size=20`, { signal }), [user.username]);
  return (
    <Dialog title={`Sign-ins of ${user.username}`} onClose={onClose} wide>
      <p class="muted small">Last sign-in: {dateTime(user.last_login)}</p>
      {attempts.error ? <ErrorState error={attempts.error} retry={attempts.reload} />
        : !attempts.data ? <Loading />
        : attempts.data.results.length === 0 ? <EmptyState title="No sign-in attempts recorded" />
        : (
          <ul class="timeline" data-testid="sign-ins">
            {attempts.data.results.map((a) => (
              <li key={a.id}>
                <Badge tone={a.was_successful ? 'ok' : 'error'}>{OUTCOME[a.outcome] ?? a.outcome}</Badge>
                <span>{dateTime(a.timestamp)}</span>
                <span class="muted small">{a.ip_address} · {describeAgent(a.user_agent)}</span>
              </li>
            ))}
          </ul>
        )}
    </Dialog>
  );
}
