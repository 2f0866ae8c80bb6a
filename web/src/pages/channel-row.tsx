import { useEffect, useState } from 'preact/hooks';
import { Badge } from '../components/ui.tsx';
import { errorText } from '../lib/api.ts';
import { eventsText, patchChannel, testChannel, type Channel } from '../lib/channels.ts';
import { ago } from '../lib/format.ts';
import { toast } from '../lib/toasts.ts';
import { ChannelDeliveries } from './channel-deliveries.tsx';

type TestResult = { ok: boolean; text: string } | 'sending' | null;

/** One channel: what it takes, how it last went, and its actions; the test result and deliveries open below it. */
export function ChannelRow({ channel: c, kindLabel, onChanged, onTested, onEdit, onDelete }: {
  channel: Channel; kindLabel: string; onChanged: (c: Channel) => void; onTested: () => void; onEdit: () => void; onDelete: () => void;
}) {
  const [test, setTest] = useState<TestResult>(null);
  const [open, setOpen] = useState(false);
  const [tick, setTick] = useState(0);
  // The switch moves at once; it moves back when the server refuses.
  const [enabled, setEnabled] = useState(c.enabled);
  useEffect(() => setEnabled(c.enabled), [c.enabled]);
  const sendTest = async () => {
    setTest('sending');
    try {
      const answer = await testChannel(c.id);
      setTest({ ok: true, text: answer.detail });
    } catch (e) {
      setTest({ ok: false, text: errorText(e) });
    }
    setTick((t) => t + 1);
    onTested();
  };
  const toggle = async (on: boolean) => {
    setEnabled(on);
    try {
      onChanged(await patchChannel(c.id, { enabled: on }));
    } catch (e) {
      setEnabled(c.enabled);
      toast({ title: 'Could not change the channel', message: errorText(e), type: 'error' });
    }
  };
  return (
    <li class="window-row channel-row" data-channel={c.name}>
      <div class="window-main">
        <strong>{c.name}</strong> <Badge tone="info">{kindLabel}</Badge> {!c.enabled && <Badge tone="muted">disabled</Badge>}
        <div class="muted small">{eventsText(c.events)} · severity ≥ {c.min_severity}</div>
        <div class="small" data-testid="last-status">
          {c.last_status ? <Badge tone={c.last_status === 'delivered' ? 'ok' : 'error'}>{c.last_status}</Badge> : <span class="muted">Nothing sent yet</span>}
          {c.last_delivery_at && <span class="muted"> {ago(c.last_delivery_at)}</span>}
        </div>
      </div>
      <div class="channel-actions">
        <label class="check"><input type="checkbox" role="switch" checked={enabled} onChange={(e) => void toggle(e.currentTarget.checked)} /> Enabled</label>
        <button type="button" class="btn small" disabled={test === 'sending'} onClick={() => void sendTest()}>{test === 'sending' ? 'Sending…' : 'Send test'}</button>
        <button type="button" class="btn small" aria-expanded={open} onClick={() => setOpen(!open)}>Deliveries</button>
        <button type="button" class="btn small" onClick={onEdit} aria-label={`Edit ${c.name}`}>Edit</button>
        <button type="button" class="btn small danger" onClick={onDelete} aria-label={`Delete ${c.name}`}>Delete</button>
      </div>
      {test && test !== 'sending' && (
        <p class={`test-result ${test.ok ? 'ok' : 'failed'}`} role="status" data-testid="test-result">
          {test.ok ? '✔ ' : '✖ '}{test.text}
          <button type="button" class="link-btn" aria-label="Dismiss the test result" onClick={() => setTest(null)}>×</button>
        </p>
      )}
      {open && <ChannelDeliveries channel={c} tick={tick} />}
    </li>
  );
}
