import { useEffect, useState } from 'preact/hooks';
import { Card, Field, FormError, Select } from '../components/ui.tsx';
import { api, ApiError, formLevelError } from '../lib/api.ts';
import { useAsync } from '../lib/hooks.ts';
import { networkVersion, scanProgress } from '../lib/scans.ts';
import { useStore } from '../lib/store.ts';
import type { Page, Scan } from '../lib/types.ts';
import { ago } from '../lib/format.ts';

const ACTIVE = ['queued', 'in-progress'];

/** Start a scan of a chosen type, follow `scan_progress`, cancel it (scanner.md §2, §4, §9). */
export function ScanPanel({ canScan }: { canScan: boolean }) {
  const progress = useStore(scanProgress);
  const version = useStore(networkVersion);
  const scans = useAsync((signal) => api<Page<Scan>>('network/scans/?page_size=5', { signal }), []);
  useEffect(() => { if (version > 0 || progress?.is_complete) scans.reload(); }, [version, progress?.is_complete]);
  const [type, setType] = useState('basic');
  const [range, setRange] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const recent = scans.data?.results ?? [];
  const stored = recent.find((s) => ACTIVE.includes(s.status) && !s.isStale);
  const live = progress && (!stored || progress.scan_id === stored.id) ? progress : null;
  const activeId = live && !live.is_complete ? live.scan_id : stored?.id;
  const running = Boolean(activeId) && !(live?.is_complete);
  const pct = live ? live.progress : stored?.progress ?? 0;

  const start = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await api<{ scan: Scan; scan_id: string }>('network/scans/start_scan/', { method: 'POST', body: { scan_type: type, ip_range: range.trim() || null } });
      scanProgress.set({ scan_id: res.scan_id, job_id: '', status: res.scan.status === 'queued' ? 'QUEUED' : 'RUNNING', progress: res.scan.progress ?? 0,
        message: res.scan.status === 'queued' ? 'Scan queued' : 'Scan started', phase: res.scan.phase ?? 'targets', discovered_devices: 0, is_complete: false });
      scans.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const cancel = async () => {
    if (!activeId) return;
    setError(null);
    try {
      await api(`network/scans/${activeId}/cancel/`, { method: 'POST' });
      scans.reload();
    } catch (err) {
      setError(err);
    }
  };
  const fieldError = (name: string) => (error instanceof ApiError ? error.field(name) : undefined);
  const unavailable = scans.error instanceof ApiError && scans.error.status === 404;
  return (
    <Card title="Network scan">
      {unavailable && <p class="muted">Network scanning is not available on this server yet.</p>}
      {canScan && !unavailable && (
        <form class="scan-form" onSubmit={start}>
          <Select label="Scan type" value={type} onValue={setType} disabled={running} error={fieldError('scan_type')}
            options={[['basic', 'Basic — top 20 ports'], ['intense', 'Intense — top 100 ports, services, OS'], ['full', 'Full — all ports, scripts']]} />
          <Field label="Networks (optional)" placeholder="automatic, e.g. 192.168.1.0/24" value={range} onValue={setRange} error={fieldError('ip_range')} disabled={running} />
          <div class="scan-buttons">
            {!running && <button type="submit" class="btn primary" disabled={busy}>{busy ? 'Starting…' : 'Start scan'}</button>}
            {running && <button type="button" class="btn danger" onClick={() => void cancel()}>Cancel scan</button>}
          </div>
        </form>
      )}
      <FormError error={formLevelError(error, ['ip_range', 'scan_type'])} />
      {(running || live) && (
        <div class="scan-progress" data-testid="scan-progress">
          <div class="progress" role="progressbar" aria-label="Scan progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
            <div class="progress-fill" style={{ width: `${pct}%` }} />
          </div>
          <p class="small" role="status">
            <strong>{pct} %</strong> · {live ? live.message : `Scan ${stored?.status}`}{live?.phase ? ` · ${live.phase}` : ''}
            {live ? ` · ${live.discovered_devices} hosts found` : ''}{live?.error ? ` · ${live.error}` : ''}
          </p>
        </div>
      )}
      {recent.length > 0 && (
        <>
          <h3 class="subhead">Recent scans</h3>
          <ul class="plain-list scans">
            {recent.map((s) => (
              <li key={s.id}>
                <span class={`badge badge-${s.status === 'completed' ? 'ok' : ACTIVE.includes(s.status) ? 'info' : s.status === 'failed' ? 'error' : 'muted'}`}>{s.status}</span>{' '}
                {s.scanType ?? 'basic'} · {ago(s.timestamp)} · {s.discoveredDevices} {s.discoveredDevices === 1 ? 'device' : 'devices'}{s.duration !== null ? ` · ${s.duration.toFixed(0)} s` : ''}
                {s.errorMessage && <span class="muted"> · {s.errorMessage}</span>}
                {s.warning && <span class="muted"> · {s.warning}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}
