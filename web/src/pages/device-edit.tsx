import { useState } from 'preact/hooks';
import { Dialog } from '../components/dialog.tsx';
import { Field, FormError, Select } from '../components/ui.tsx';
import { api, ApiError, formLevelError } from '../lib/api.ts';
import { DEVICE_TYPES } from '../lib/devices.ts';
import { groupList } from '../lib/inventory.ts';
import { toast } from '../lib/toasts.ts';
import type { Device } from '../lib/types.ts';

/** Edits what a user may set on a device (rest.md §8.3); changed fields become pinned against the scanner. */
export function DeviceEditDialog({ device, onClose, onSaved }: { device: Device; onClose: () => void; onSaved: (d: Device) => void }) {
  const [form, setForm] = useState({
    label: device.label, type: device.type, hostname: device.hostname ?? '', tags: (device.tags ?? []).join(', '), groups: (device.groups ?? []).join(', '), ignored: Boolean(device.isIgnored),
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const saved = await api<Device>(`network/devices/${device.id}/`, {
        method: 'PATCH',
        body: {
          label: form.label, type: form.type, hostname: form.hostname.trim() || null, isIgnored: form.ignored,
          tags: form.tags.split(',').map((t) => t.trim()).filter(Boolean), groups: groupList(form.groups),
        },
      });
      toast({ title: 'Device saved', message: saved.label, type: 'success' });
      onSaved(saved);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  const fieldError = (name: string) => (error instanceof ApiError ? error.field(name) : undefined);
  return (
    <Dialog title={`Edit ${device.label}`} onClose={onClose}>
      <form onSubmit={submit}>
        <Field label="Name" required maxLength={100} value={form.label} onValue={(v) => setForm({ ...form, label: v })} error={fieldError('label')} />
        <Select label="Type" value={form.type} options={DEVICE_TYPES.map((t) => [t, t])} onValue={(v) => setForm({ ...form, type: v as Device['type'] })} error={fieldError('type')} />
        <Field label="Host name" value={form.hostname} onValue={(v) => setForm({ ...form, hostname: v })} error={fieldError('hostname')} />
        <Field label="Groups" hint="Separated by commas; a new name makes a new group" value={form.groups} onValue={(v) => setForm({ ...form, groups: v })} error={fieldError('groups')} />
        <Field label="Tags" hint="Separated by commas" value={form.tags} onValue={(v) => setForm({ ...form, tags: v })} error={fieldError('tags')} />
        <label class="check"><input type="checkbox" checked={form.ignored} onChange={(e) => setForm({ ...form, ignored: e.currentTarget.checked })} /> Hide from the network map (ignore)</label>
        <p class="muted small">IP {device.ip ?? '—'} · MAC {device.mac ?? '—'}{device.vendor ? ` · ${device.vendor}` : ''}</p>
        <FormError error={formLevelError(error, ['label', 'type', 'hostname', 'groups', 'tags'])} />
        <div class="dialog-actions">
          <button type="button" class="btn" onClick={onClose}>Cancel</button>
          <button type="submit" class="btn primary" disabled={busy}>{busy ? 'Saving…' : 'Save'}</button>
        </div>
      </form>
    </Dialog>
  );
}
