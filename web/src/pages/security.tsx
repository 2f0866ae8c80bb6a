import { useState } from 'preact/hooks';
import { Badge, Card, ErrorState, Loading, PageHeader } from '../components/ui.tsx';
import { errorText } from '../lib/api.ts';
import { ago, dateTime } from '../lib/format.ts';
import { useAsync, useTitle } from '../lib/hooks.ts';
import { CHECK_HELP, CHECK_TONE, loadSecurity, refreshSecurity, type SecuritySnapshot } from '../lib/security.ts';
import { can } from '../lib/session.ts';
import { toast } from '../lib/toasts.ts';
import type { User } from '../lib/types.ts';
import { SecurityTrend } from './settings/security-trend.tsx';

const STATUS_TONE: Record<string, string> = { success: 'ok', warning: 'warning', error: 'error' };

/** The security status of the server: every check with its status, what it means and how to fix it. */
export function SecurityPage({ user }: { user: User }) {
  useTitle('Security');
  const [tick, setTick] = useState(0);
  const latest = useAsync((signal) => loadSecurity(signal), [tick]);
  const [fresh, setFresh] = useState<SecuritySnapshot | null>(null);
  const [busy, setBusy] = useState(false);
  const snapshot = fresh ?? latest.data;
  const refresh = async () => {
    setBusy(true);
    try {
      setFresh(await refreshSecurity());
      setTick((t) => t + 1);
    } catch (e) {
      toast({ title: 'Could not check now', message: errorText(e), type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <PageHeader title="Security">
        {can(user, 'can_manage_system') && <button type="button" class="btn" disabled={busy} onClick={() => void refresh()}>{busy ? 'Checking…' : 'Check now'}</button>}
      </PageHeader>
      {latest.error && !snapshot ? <ErrorState error={latest.error} retry={latest.reload} />
        : !snapshot ? <Loading />
        : (
          <>
            <Card title="Score">
              <p class="security-score" data-testid="security-score">
                <strong>{snapshot.score}</strong> / 100 <Badge tone={STATUS_TONE[snapshot.status] ?? 'muted'}>{snapshot.status}</Badge>
                <span class="muted small"> checked {ago(snapshot.timestamp)} ({dateTime(snapshot.timestamp)})</span>
              </p>
              {can(user, 'can_view_all_data') && <SecurityTrend tick={tick} />}
            </Card>
            <Card title="Checks" class="checks-card">
              <ul class="plain-list check-list" data-testid="security-checks">
                {snapshot.checks.map((c) => {
                  const help = CHECK_HELP[c.id];
                  return (
                    <li key={c.id} data-check={c.id}>
                      <Badge tone={CHECK_TONE[c.status]}>{c.status}</Badge> <strong>{c.title}</strong>
                      <div class="small">{c.detail}</div>
                      {help && (c.status === 'warn' || c.status === 'fail') && (
                        <div class="small check-help">
                          <p><strong>What it means:</strong> {help.means}</p>
                          <p><strong>How to fix it:</strong> {help.fix}</p>
                        </div>
                      )}
                      {c.evidence && Object.keys(c.evidence).length > 0 && (
                        <details class="small"><summary>Evidence</summary><pre class="mono">{JSON.stringify(c.evidence, null, 2)}</pre></details>
                      )}
                    </li>
                  );
                })}
              </ul>
              {!can(user, 'can_view_all_data') && <p class="muted small">The evidence of each check is shown to roles that may view all data.</p>}
            </Card>
          </>
        )}
    </>
  );
}
