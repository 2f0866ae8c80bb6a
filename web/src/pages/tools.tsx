import { useEffect, useRef, useState } from 'preact/hooks';
import { Badge, Card, Field, FormError, PageHeader, Select } from '../components/ui.tsx';
import { ApiError, formLevelError } from '../lib/api.ts';
import { useTitle } from '../lib/hooks.ts';
import { can } from '../lib/session.ts';
import { runTool, type ToolResult, type ToolRun } from '../lib/tool-runs.ts';
import type { User } from '../lib/types.ts';

interface ToolDef { path: string; name: string; fields: Array<{ key: string; label: string; placeholder?: string; options?: string[]; integer?: boolean }>; network?: boolean }

/** The ten diagnostic tools of tools.md; nmap and tcpdump also need can_manage_network. */
const TOOLS: ToolDef[] = [
  { path: 'ping', name: 'Ping', fields: [{ key: 'target', label: 'Host or IP', placeholder: '192.168.1.1' }, { key: 'count', label: 'Echo requests', placeholder: '4', integer: true }] },
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
    { key: 'filter', label: 'Filter', placeholder: 'port 53' }, { key: 'count', label: 'Packets', placeholder: '25', integer: true }] },
];

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Targets are shared between the tools (try another tool on the same host); counts are each tool's own. */
const valueKey = (tool: ToolDef, field: ToolDef['fields'][number]) => (field.integer ? `${tool.path}.${field.key}` : field.key);

/** The request body of a tool from the form's text; an empty integer field is left out (the server's default). */
function bodyOf(tool: ToolDef, values: Record<string, string>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const f of tool.fields) {
    let v = (values[valueKey(tool, f)] ?? '').trim();
    if (tool.path === 'ssl-check' && f.key === 'target') v = v.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    if (f.integer) { if (v) body[f.key] = /^\d+$/.test(v) ? Number(v) : v; continue; }
    if (f.key === 'interface' && !v) continue;
    body[f.key] = v;
  }
  return body;
}

/** Seconds since `since`, updated ten times a second while `since` is set. */
function useElapsed(since: number | null): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (since === null) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 100);
    return () => clearInterval(timer);
  }, [since]);
  return since === null ? 0 : Math.max(0, now - since);
}

export function ToolsPage({ user }: { user: User }) {
  useTitle('Tools');
  const tools = TOOLS.filter((t) => !t.network || can(user, 'can_manage_network'));
  const [selected, setSelected] = useState(tools[0].path);
  const tool = tools.find((t) => t.path === selected) ?? tools[0];
  const [values, setValues] = useState<Record<string, string>>({ record_type: 'A' });
  const [result, setResult] = useState<ToolResult | null>(null);
  const [lines, setLines] = useState<string[]>([]);
  const [command, setCommand] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [startedAt, setStartedAt] = useState<number | null>(null);
  const current = useRef<ToolRun | null>(null);
  const elapsed = useElapsed(startedAt);
  const busy = startedAt !== null;
  // Leaving the page stops a run still going.
  useEffect(() => () => current.current?.cancel(), []);

  const run = async (e: Event) => {
    e.preventDefault();
    if (busy) return;
    setError(null);
    setResult(null);
    setLines([]);
    setCommand(null);
    setStartedAt(Date.now());
    const started = runTool(tool.path, bodyOf(tool, values), {
      onStart: setCommand,
      onLines: (more) => setLines((old) => [...old, ...more]),
    });
    current.current = started;
    try {
      setResult(await started.done);
    } catch (err) {
      setError(err);
    } finally {
      if (current.current === started) current.current = null;
      setStartedAt(null);
    }
  };
  const fieldError = (name: string) => (error instanceof ApiError ? error.field(name) : undefined);
  const shown = result ? result.output : lines.join('\n');
  return (
    <>
      <PageHeader title="Network tools" />
      <div class="tools-layout">
        <nav class="tool-list" aria-label="Tools">
          {tools.map((t) => (
            <button key={t.path} type="button" class={t.path === tool.path ? 'active' : ''} aria-pressed={t.path === tool.path} disabled={busy && t.path !== tool.path}
              onClick={() => { setSelected(t.path); setResult(null); setLines([]); setError(null); }}>{t.name}</button>
          ))}
        </nav>
        <Card title={tool.name}>
          <form class="tool-form" onSubmit={run}>
            {tool.fields.map((f) => f.options ? (
              <Select key={f.key} label={f.label} value={values[f.key] ?? f.options[0]} options={f.options.map((o) => [o, o])} error={fieldError(f.key)} onValue={(v) => setValues({ ...values, [f.key]: v })} />
            ) : (
              <Field key={valueKey(tool, f)} label={f.label} name={f.key} placeholder={f.placeholder} value={values[valueKey(tool, f)] ?? ''} error={fieldError(f.key)}
                inputMode={f.integer ? 'numeric' : undefined} onValue={(v) => setValues({ ...values, [valueKey(tool, f)]: v })} spellcheck={false} autoCapitalize="off" />
            ))}
            <button type="submit" class="btn primary" disabled={busy}>{busy ? 'Running…' : 'Run'}</button>
            {busy && <button type="button" class="btn" onClick={() => current.current?.cancel()}>Cancel</button>}
          </form>
          <FormError error={formLevelError(error, tool.fields.map((f) => f.key))} />
          {(busy || result || lines.length > 0) && (
            <div class="tool-result" data-testid="tool-result" aria-busy={busy}>
              <p class="small">
                {result ? <Badge tone={result.status === 'success' ? 'ok' : result.status}>{result.status}</Badge> : <Badge tone="info">running</Badge>}{' '}
                {(result?.command ?? command) && <code>{result?.command ?? command}</code>}
                <span class="muted" data-testid="tool-elapsed"> · {busy ? seconds(elapsed) : result?.duration_ms !== undefined ? seconds(result.duration_ms) : ''}</span>
                {result?.truncated && <span class="muted"> · output truncated</span>}
              </p>
              <pre class="output" tabIndex={0} aria-label="Tool output" aria-live="polite" data-testid="tool-output">{shown || (busy ? '' : '(no output)')}</pre>
            </div>
          )}
        </Card>
      </div>
    </>
  );
}
