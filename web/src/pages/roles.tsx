import { useState } from 'preact/hooks';
import { ConfirmDialog, Dialog } from '../components/dialog.tsx';
import { Badge, Card, ErrorState, Field, FormError, Loading, PageHeader } from '../components/ui.tsx';
import { api, ApiError, errorText, formLevelError } from '../lib/api.ts';
import { useAsync, useTitle } from '../lib/hooks.ts';
import { toast } from '../lib/toasts.ts';
import { FLAGS, type Flag, type Role, type User } from '../lib/types.ts';

const FLAG_TEXT: Record<Flag, string> = {
  can_manage_users: 'Manage users', can_manage_system: 'Manage system', can_manage_network: 'Manage network',
  can_view_all_data: 'View all data', can_run_tools: 'Run tools', can_manage_monitors: 'Manage monitors',
};

/** Built-in roles and custom roles (rest.md §5); a caller may grant only the flags its own role has. */
export function RolesPage({ user: me }: { user: User }) {
  useTitle('Roles');
  const roles = useAsync((signal) => api<Role[]>('roles/', { signal }), []);
  const [dialog, setDialog] = useState<{ kind: 'edit'; role?: Role } | { kind: 'delete'; role: Role } | null>(null);
  const remove = async (role: Role) => {
    try {
      await api(`roles/${role.name}/`, { method: 'DELETE' });
      setDialog(null);
      toast({ title: `Role ${role.name} deleted`, type: 'success' });
      roles.reload();
    } catch (e) {
      toast({ title: 'Could not delete the role', message: errorText(e), type: 'error' });
    }
  };
  return (
    <>
      <PageHeader title="Roles"><button type="button" class="btn primary" onClick={() => setDialog({ kind: 'edit' })}>New role</button></PageHeader>
      <Card>
        {roles.error ? <ErrorState error={roles.error} retry={roles.reload} /> : !roles.data ? <Loading /> : (
          <div class="table-wrap">
            <table class="table">
              <thead><tr><th scope="col">Role</th>{FLAGS.map((f) => <th key={f} scope="col" class="center">{FLAG_TEXT[f]}</th>)}<th scope="col"><span class="sr-only">Actions</span></th></tr></thead>
              <tbody>
                {roles.data.map((r) => (
                  <tr key={r.name}>
                    <td><strong>{r.display_name ?? r.name}</strong> {r.is_builtin && <Badge tone="muted">built-in</Badge>}<div class="muted small">{r.description}</div></td>
                    {FLAGS.map((f) => <td key={f} class="center">{r[f] ? <span aria-label="yes">✔</span> : <span class="muted" aria-label="no">–</span>}</td>)}
                    <td class="row-actions">
                      {!r.is_builtin && r.priority >= me.role_details.priority && (
                        <>
                          <button type="button" class="btn small" onClick={() => setDialog({ kind: 'edit', role: r })}>Edit</button>
                          <button type="button" class="btn small danger" onClick={() => setDialog({ kind: 'delete', role: r })}>Delete</button>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
      {dialog?.kind === 'edit' && <RoleDialog me={me} role={dialog.role} onClose={() => setDialog(null)} onSaved={() => { setDialog(null); roles.reload(); }} />}
      {dialog?.kind === 'delete' && <ConfirmDialog title="Delete role" confirm="Delete" onClose={() => setDialog(null)} onConfirm={() => void remove(dialog.role)}
        message={<>Delete the role <strong>{dialog.role.name}</strong>? A role still assigned to users cannot be deleted.</>} />}
    </>
  );
}

function RoleDialog({ me, role, onClose, onSaved }: { me: User; role?: Role; onClose: () => void; onSaved: () => void }) {
  const [form, setForm] = useState({ name: role?.name ?? '', display_name: role?.display_name ?? '', description: role?.description ?? '' });
  const [flags, setFlags] = useState<Record<Flag, boolean>>(Object.fromEntries(FLAGS.map((f) => [f, Boolean(role?.[f])])) as Record<Flag, boolean>);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const body = { ...form, display_name: form.display_name || undefined, ...flags };
      await api(role ? `roles/${role.name}/` : 'roles/', { method: role ? 'PATCH' : 'POST', body });
      toast({ title: `Role ${form.name} saved`, type: 'success' });
      onSaved();
    } catch (err) {
      setError(err);
    }
  };
  const fieldError = (name: string) => (error instanceof ApiError ? error.field(name) : undefined);
  return (
    <Dialog title={role ? `Edit role ${role.name}` : 'New role'} onClose={onClose}>
      <form onSubmit={submit}>
        <Field label="Name" required disabled={Boolean(role)} value={form.name} onValue={(v) => setForm({ ...form, name: v })} error={fieldError('name')}
          hint="Lowercase letters, digits, - and _; 2–20 characters" />
        <Field label="Display name" value={form.display_name} onValue={(v) => setForm({ ...form, display_name: v })} error={fieldError('display_name')} />
        <Field label="Description" value={form.description} onValue={(v) => setForm({ ...form, description: v })} error={fieldError('description')} />
        <fieldset class="flags">
          <legend>Permissions</legend>
          {FLAGS.map((f) => (
            <label key={f} class="check">
              <input type="checkbox" checked={flags[f]} disabled={!me.role_details[f]} onChange={(e) => setFlags({ ...flags, [f]: e.currentTarget.checked })} /> {FLAG_TEXT[f]}
            </label>
          ))}
        </fieldset>
        <FormError error={formLevelError(error, ['name', 'display_name', 'description'])} />
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onClose}>Cancel</button>
          <button type="submit" class="btn primary">Save</button>
        </div>
      </form>
    </Dialog>
  );
}
