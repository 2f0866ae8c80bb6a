import { Badge, Card, Loading, PageHeader } from '../components/ui.tsx';
import { useAsync, useTitle } from '../lib/hooks.ts';

type ExportState = 'disabled' | 'token' | 'open' | 'unknown';

/** What an unauthenticated scrape of /metrics answers tells the export's state; no token is sent or shown. */
async function probe(signal: AbortSignal): Promise<ExportState> {
  const res = await fetch('/metrics', { signal, headers: { Accept: 'text/plain' } });
  if (res.status === 404) return 'disabled';
  if (res.status === 401) return 'token';
  return res.ok ? 'open' : 'unknown';
}

const STATE: Record<ExportState, [string, string, string]> = {
  disabled: ['muted', 'disabled', 'The export is off. Set PROMETHEUS_ENABLED=true (and PROMETHEUS_TOKEN) and restart Everyst to turn it on.'],
  token: ['ok', 'on, token required', 'Prometheus must send the token set in PROMETHEUS_TOKEN as a bearer token; a scrape without it is refused.'],
  open: ['warning', 'on, no token', 'Anyone who can reach this server can read the metrics. Set PROMETHEUS_TOKEN to require a token.'],
  unknown: ['error', 'unknown', 'The metrics path answered unexpectedly.'],
};

/** Settings → Prometheus: the scrape URL and whether the export is on and needs a token. */
export function PrometheusPage() {
  useTitle('Prometheus');
  const state = useAsync((signal) => probe(signal), []);
  const url = `${window.location.origin}/metrics`;
  const [tone, label, text] = STATE[state.data ?? 'unknown'];
  return (
    <>
      <PageHeader title="Prometheus" />
      <Card title="Metrics export">
        {!state.data && !state.error ? <Loading /> : (
          <div data-testid="prometheus">
            <p><Badge tone={tone}>{label}</Badge></p>
            <p class="small">{text}</p>
            <p class="small">Scrape URL: <code class="mono" data-testid="scrape-url">{url}</code></p>
            {state.data === 'token' && (
              <pre class="mono small code-block">{`scrape_configs:\n  - job_name: everyst\n    scheme: ${window.location.protocol.replace(':', '')}\n    static_configs: [{ targets: ['${window.location.host}'] }]\n    authorization: { credentials: '<PROMETHEUS_TOKEN>' }`}</pre>
            )}
          </div>
        )}
      </Card>
    </>
  );
}
