import { useState } from 'preact/hooks';
import { Card, ErrorState, FormError, Loading, PageHeader, Select } from '../components/ui.tsx';
import { api, ApiError } from '../lib/api.ts';
import { useAsync, useTitle } from '../lib/hooks.ts';
import { SCAN_TYPES, type Schedule } from '../lib/inventory.ts';
import { linkClick, navigate } from '../lib/router.ts';
import { toast } from '../lib/toasts.ts';

interface NetworkOverview { scan_networks: string[] }

const EVERY: Array<[string, string]> = [['15', 'Every 15 minutes'], ['60', 'Every hour'], ['360', 'Every 6 hours'], ['1440', 'Every day']];

/**
 * Right after the owner is created: offers a scan schedule for the networks this server sits on. The server
 * reports them already narrowed to SCAN_ALLOWED_NETWORKS; nothing is scheduled or scanned until the user accepts.
 */
export function FirstScanPage() {
  useTitle('Keep the inventory current');
  const overview = useAsync((signal) => api<NetworkOverview>('network/interfaces/', { signal }), []);
  return (
    <>
      <PageHeader title="Keep the inventory current" />
      <Card>
        {overview.loading && !overview.data ? <Loading label="Looking at this server's networks…" />
          : overview.error ? <ErrorState error={overview.error} retry={overview.reload} />
            : <Offer networks={overview.data?.scan_networks ?? []} />}
      </Card>
    </>
  );
}

function Offer({ networks }: { networks: string[] }) {
  const [chosen, setChosen] = useState<string[]>(networks);
  const [type, setType] = useState('basic');
  const [every, setEvery] = useState('60');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const skip = <a class="btn" href="/" onClick={linkClick}>{networks.length ? 'Not now' : 'Continue to the dashboard'}</a>;

  if (networks.length === 0) {
    return (
      <div data-testid="first-scan-none">
        <p>None of this server's networks is inside the networks it may scan (<code>SCAN_ALLOWED_NETWORKS</code>), so there is no scan schedule to offer.</p>
        <p class="muted">Add the network to <code>SCAN_ALLOWED_NETWORKS</code> and restart the server, then create a schedule on the Scan schedules page.</p>
        <div class="dialog-actions">{skip}</div>
      </div>
    );
  }

  const rangeError = error instanceof ApiError ? error.field('ip_range') : undefined;
  const toggle = (cidr: string, on: boolean) => setChosen((list) => (on ? [...list, cidr] : list.filter((c) => c !== cidr)));
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const saved = await api<Schedule>('network/schedules/', {
        method: 'POST', body: { name: 'Local network', ip_range: chosen.join(', '), scan_type: type, every_minutes: Number(every), enabled: true },
      });
      toast({ title: 'Schedule added', message: saved.name, type: 'success' });
      navigate('/scan-schedules');
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <form onSubmit={submit} noValidate data-testid="first-scan-offer">
      <p>Everyst can scan the network this server is on regularly, so the device list stays current and new devices show up for review.
        Nothing is scanned until you create the schedule.</p>
      <fieldset class={`picker ${rangeError ? 'invalid' : ''}`}>
        <legend>Networks to scan</legend>
        <div class="check-grid">
          {networks.map((cidr) => (
            <label class="check" key={cidr}>
              <input type="checkbox" checked={chosen.includes(cidr)} onChange={(e) => toggle(cidr, e.currentTarget.checked)} />{cidr}
            </label>
          ))}
        </div>
        {rangeError && <p class="field-error">{rangeError}</p>}
      </fieldset>
      <Select label="Scan type" value={type} onValue={setType} options={SCAN_TYPES} />
      <Select label="Repeat" value={every} onValue={setEvery} options={EVERY} />
      <FormError error={rangeError ? null : error} />
      <div class="dialog-actions">
        {skip}
        <button type="submit" class="btn primary" disabled={busy || chosen.length === 0}>{busy ? 'Creating…' : 'Create schedule'}</button>
      </div>
    </form>
  );
}
