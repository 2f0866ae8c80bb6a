import { useState } from 'preact/hooks';
import { Badge, Card, Field, FormError, PageHeader, Select } from '../components/ui.tsx';
import { api, ApiError } from '../lib/api.ts';
import { useTitle } from '../lib/hooks.ts';
import { can } from '../lib/session.ts';
import type { User } from '../lib/types.ts';

interface ToolResult { output: string; status: 'success' | 'error' | 'warning'; timestamp: string; command?: string; duration_ms?: number; truncated?: boolean }
interface ToolDef { path: string; name: string; fields: Array<{ key: string; label: string; placeholder?: string; options?: string[] }>; network?: boolean }

/** The ten diagnostic tools of tools.md; nmap and tcpdump also need can_manage_network. */
const TOOLS: ToolDef[] = [
  { path: 'ping', name: 'Ping', fields: [{ key: 'target', label: 'Host or IP', placeholder: '192.168.1.1' }] },
  { path: 'traceroute', name: 'Traceroute', fields: [{ key: 'target', label: 'Host or IP', placeholder: 'example.com' }] },
  { path: 'dig', name: 'DNS lookup (dig)', fields: [{ key: 'target', label: 'Name or IP', placeholder: 'example.com' },
    { key: 'record_type', label: 'Record type', options: ['A', 'AAAA', 'ANY', 'CAA', 'CNAME', 'DNSKEY', 'DS', 'MX', 'NS', 'PTR', 'SOA', 'SRV', 'TXT'] }] },
  { path: 'nslookup', name: 'nslookup', fields: [{ key: 'target', label: 'Name or IP', placeholder: 'example.com' }] },
  { path: 'whois', name: 'Whois', fields: [{ key: 'target', label: 'Domain, IP or AS', placeholder: 'example.com' }] },
  { path: 'ssl-check', name: 'TLS certificate', fields: [{ key: 'target', label: 'Host', placeholder: 'example.com' }] },
  { path: 'netstat', name: 'Connections (netstat)', fields: [{ key: 'options', label: 'Options', placeholder: 'tulpn' }] },
  { path: 'ip-route', name: 'Routes', fields: [] },
  { path: 'nmap', name: 'Port scan (nmap)', network: true, fields: [{ key: 'target', label: 'Host, IP or network', placeholder: '192.168.1.10' }] },
  { path: 'tcpdump', name: 'Packet capture', network: true, fields: [{ key: 'interface', label: 'Interface', placeholder: 'any' },
    { key: 'filter', label: 'Filter', placeholder: 'port 53' }, { key: 'count', label: 'Packets', placeholder: '25' }] },
];

export function ToolsPage({ user }: { user: User }) {
  useTitle('Tools');
  const tools = TOOLS.filter((t) => !t.network || can(user, 'can_manage_network'));
  const [selected, setSelected] = useState(tools[0].path);
  const tool = tools.find((t) => t.path === selected) ?? tools[0];
  const [values, setValues] = useState<Record<string, string>>({ record_type: 'A' });
  const [result, setResult] = useState<ToolResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    const body: Record<string, unknown> = {};
    for (const f of tool.fields) {
      let v = (values[f.key] ?? '').trim();
      if (tool.path === 'ssl-check' && f.key === 'target') v = v.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
      if (f.key === 'count') { if (v) body.count = Number(v); continue; }
      if (f.key === 'interface' && !v) continue;
      body[f.key] = v;
    }
    try {
      setResult(await api<ToolResult>(`tools/${tool.path}/`, { method: 'POST', body }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const fieldError = (name: string) => (error instanceof ApiError ? error.field(name) : undefined);
  return (
    <>
      <PageHeader title="Network tools" />
      <div class="tools-layout">
        <nav class="tool-list" aria-label="Tools">
          {tools.map((t) => (
            <button key={t.path} type="button" class={t.path === tool.path ? 'active' : ''} aria-pressed={t.path === tool.path}
              onClick={() => { setSelected(t.path); setResult(null); setError(null); }}>{t.name}</button>
          ))}
        </nav>
        <Card title={tool.name}>
          <form class="tool-form" onSubmit={run}>
            {tool.fields.map((f) => f.options ? (
              <Select key={f.key} label={f.label} value={values[f.key] ?? f.options[0]} options={f.options.map((o) => [o, o])} onValue={(v) => setValues({ ...values, [f.key]: v })} />
            ) : (
              <Field key={f.key} label={f.label} name={f.key} placeholder={f.placeholder} value={values[f.key] ?? ''} error={fieldError(f.key)}
                onValue={(v) => setValues({ ...values, [f.key]: v })} spellcheck={false} autoCapitalize="off" />
            ))}
            <button type="submit" class="btn primary" disabled={busy}>{busy ? 'Running…' : 'Run'}</button>
          </form>
          <FormError error={error instanceof ApiError && Object.keys(error.fields).length ? null : error} />
          {result && (
            <div class="tool-result" data-testid="tool-result">
              <p class="small">
                <Badge tone={result.status === 'success' ? 'ok' : result.status}>{result.status}</Badge>{' '}
                {result.command && <code>{result.command}</code>}
                {result.duration_ms !== undefined && <span class="muted"> · {(result.duration_ms / 1000).toFixed(1)} s</span>}
                {result.truncated && <span class="muted"> · output truncated</span>}
              </p>
              <pre class="output" tabIndex={0} aria-label="Tool output">{result.output || '(no output)'}</pre>
            </div>
          )}
        </Card>
      </div>
    </>
  );
}
