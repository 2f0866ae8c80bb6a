import { useState } from 'preact/hooks';
import { ConfirmDialog } from '../components/dialog.tsx';
import { Badge, Card, EmptyState, ErrorState, Loading, PageHeader } from '../components/ui.tsx';
import { api, errorText } from '../lib/api.ts';
import { ago, dateTime } from '../lib/format.ts';
import { useAsync, useTitle } from '../lib/hooks.ts';
import { can } from '../lib/session.ts';
import { toast } from '../lib/toasts.ts';
import type { Role, User } from '../lib/types.ts';
import { isLocked, SignInsDialog, UnlockButton, type LockableUser } from './settings/user-access.tsx';
import { PasswordDialog, UserDialog } from './user-dialogs.tsx';

/** Rank rules (roles.md §4): a caller acts only on users whose role does not outrank its own; the owner only by the owner. */
export function mayModify(caller: User, target: User): boolean {
  if (target.role === 'owner') return caller.role === 'owner';
  return target.role_details.priority >= caller.role_details.priority;
}

export function UsersPage({ user: me }: { user: User }) {
  useTitle('Users');
  const users = useAsync((signal) => api<LockableUser[]>('users/', { signal }), []);
  const roles = useAsync((signal) => api<Role[]>('roles/', { signal }), []);
  const [dialog, setDialog] = useState<{ kind: 'add' } | { kind: 'edit' | 'password' | 'delete' | 'sign-ins'; user: User } | null>(null);
  const [busy, setBusy] = useState(false);
  const assignable = (roles.data ?? []).filter((r) => r.name !== 'owner' && r.priority >= me.role_details.priority);
  const done = (message: string) => {
    setDialog(null);
    toast({ title: message, type: 'success' });
    users.reload();
  };
  const remove = async (target: User) => {
    setBusy(true);
    try {
      await api(`users/${target.id}/`, { method: 'DELETE' });
      done(`${target.username} was deleted`);
    } catch (e) {
      toast({ title: 'Could not delete the user', message: errorText(e), type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <PageHeader title="Users">
        <button type="button" class="btn primary" onClick={() => setDialog({ kind: 'add' })}>Add user</button>
      </PageHeader>
      <Card>
        {users.error ? <ErrorState error={users.error} retry={users.reload} />
          : !users.data ? <Loading />
          : users.data.length === 0 ? <EmptyState title="No users" />
          : (
            <div class="table-wrap">
              <table class="table" data-testid="users-table">
                <thead><tr><th scope="col">User</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col">Last sign-in</th><th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
                <tbody>
                  {users.data.map((u) => {
                    const allowed = mayModify(me, u);
                    return (
                      <tr key={u.id}>
                        <td><strong>{u.username}</strong>{u.id === me.id && <span class="muted"> (you)</span>}<div class="muted small">{[u.first_name, u.last_name].filter(Boolean).join(' ')}</div></td>
                        <td>{u.email}</td>
                        <td>{u.role_details?.display_name ?? u.role}</td>
                        <td>{u.is_active ? <Badge tone="ok">active</Badge> : <Badge tone="muted">inactive</Badge>}
                          {isLocked(u) && <div><Badge tone="error">locked</Badge><div class="muted small">until {dateTime(u.locked_until)}</div></div>}</td>
                        <td title={u.last_login ?? undefined}>{ago(u.last_login)}</td>
                        <td class="row-actions">
                          {allowed && isLocked(u) && <UnlockButton user={u} onUnlocked={users.reload} />}
                          {can(me, 'can_view_all_data') && <button type="button" class="btn small" onClick={() => setDialog({ kind: 'sign-ins', user: u })} aria-label={`Sign-ins of ${u.username}`}>Sign-ins</button>}
                          {allowed && <button type="button" class="btn small" onClick={() => setDialog({ kind: 'edit', user: u })} aria-label={`Edit ${u.username}`}>Edit</button>}
                          {allowed && u.id !== me.id && <button type="button" class="btn small" onClick={() => setDialog({ kind: 'password', user: u })} aria-label={`Set password of ${u.username}`}>Password</button>}
                          {allowed && u.id !== me.id && u.role !== 'owner' && (
                            <button type="button" class="btn small danger" onClick={() => setDialog({ kind: 'delete', user: u })} aria-label={`Delete ${u.username}`}>Delete</button>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
      </Card>
      {dialog?.kind === 'add' && <UserDialog me={me} roles={assignable} onClose={() => setDialog(null)} onSaved={(u) => done(`${u.username} was added`)} />}
      {dialog?.kind === 'edit' && <UserDialog me={me} roles={assignable} user={dialog.user} onClose={() => setDialog(null)} onSaved={(u) => done(`${u.username} was saved`)} />}
      {dialog?.kind === 'password' && <PasswordDialog user={dialog.user} onClose={() => setDialog(null)} onSaved={() => done(`Password of ${dialog.user.username} changed`)} />}
      {dialog?.kind === 'sign-ins' && <SignInsDialog user={dialog.user} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog title="Delete user" confirm="Delete" busy={busy} onClose={() => setDialog(null)} onConfirm={() => void remove(dialog.user)}
          message={<>Delete <strong>{dialog.user.username}</strong>? Their sessions end at once and their personal notifications are removed.</>} />
      )}
    </>
  );
}
