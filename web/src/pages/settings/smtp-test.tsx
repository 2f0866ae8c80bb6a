import { useState } from 'preact/hooks';
import { Field } from '../../components/ui.tsx';
import { api, ApiError, errorText } from '../../lib/api.ts';

/** Sends a test email with the saved settings and shows the server's answer. */
export function SmtpTest({ defaultTo, onTested }: { defaultTo: string; onTested: () => void }) {
  const [to, setTo] = useState(defaultTo);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const send = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const answer = await api<{ detail: string }>('integrations/smtp/test/', { method: 'POST', body: { to: to.trim() } });
      setResult({ ok: true, text: answer.detail });
    } catch (err) {
      if (err instanceof ApiError && err.field('to')) setError(err);
      else setResult({ ok: false, text: errorText(err) });
    } finally {
      setBusy(false);
      onTested();
    }
  };
  return (
    <form class="smtp-test" onSubmit={send} noValidate>
      <Field label="Send a test email to" type="email" value={to} onValue={setTo} error={error instanceof ApiError ? error.field('to') : undefined} />
      <button type="submit" class="btn" disabled={busy}>{busy ? 'Sending…' : 'Send test email'}</button>
      {result && <p class={`test-result ${result.ok ? 'ok' : 'failed'}`} role="status" data-testid="smtp-test-result">{result.ok ? '✔ ' : '✖ '}{result.text}</p>}
    </form>
  );
}
