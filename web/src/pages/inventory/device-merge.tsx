import { useState } from 'preact/hooks';
import { Dialog } from '../../components/dialog.tsx';
import { FormError, Select } from '../../components/ui.tsx';
import { api } from '../../lib/api.ts';
import { patchDevice } from '../../lib/inventory.ts';
import { toast } from '../../lib/toasts.ts';
import type { Device } from '../../lib/types.ts';

const union = (a: string[] = [], b: string[] = []) => [...new Map([...a, ...b].map((x) => [x.toLowerCase(), x])).values()];

/**
 * Merges a duplicate into the device that stays: the one kept takes this one's groups and tags, then this one is
 * deleted (with its presence history; the kept device's history stays as it is).
 */
export function MergeDialog({ device, devices, onClose, onMerged }: { device: Device; devices: Device[]; onClose: () => void; onMerged: (kept: Device) => void }) {
  const others = devices.filter((d) => d.id !== device.id);
  const [target, setTarget] = useState(others[0]?.id ?? '');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const merge = async () => {
    const kept = others.find((d) => d.id === target);
    if (!kept) return;
    setBusy(true);
    setError(null);
    try {
      const saved = await patchDevice(kept.id, { groups: union(kept.groups, device.groups), tags: union(kept.tags, device.tags) });
      await api(`network/devices/${device.id}/`, { method: 'DELETE' });
      toast({ title: 'Devices merged', message: `${device.label} → ${saved.label}`, type: 'success' });
      onMerged(saved);
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };
  return (
    <Dialog title={`Merge ${device.label}`} onClose={onClose}>
      <p>The device you keep takes the groups and tags of <strong>{device.label}</strong>; then {device.label} and its history are deleted.</p>
      <Select label="Keep this device" value={target} onValue={setTarget}
        options={others.map((d): [string, string] => [d.id, `${d.label} · ${d.ip ?? 'no IP'} · ${d.mac ?? 'no MAC'}`])} />
      <FormError error={error} />
      <div class="dialog-actions">
        <button type="button" class="btn" onClick={onClose}>Cancel</button>
        <button type="button" class="btn danger" disabled={busy || !target} onClick={() => void merge()}>{busy ? 'Merging…' : 'Merge and delete'}</button>
      </div>
    </Dialog>
  );
}
