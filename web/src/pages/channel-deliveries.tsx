import { Badge, EmptyState, ErrorState, Loading } from '../components/ui.tsx';
import { DELIVERY_TONE, loadDeliveries, type Channel } from '../lib/channels.ts';
import { ago, dateTime } from '../lib/format.ts';
import { useAsync } from '../lib/hooks.ts';

/** A channel's 20 most recent deliveries: event, status, attempts and the last error; `tick` reloads them. */
export function ChannelDeliveries({ channel, tick }: { channel: Channel; tick: number }) {
  const list = useAsync((signal) => loadDeliveries(channel.id, signal), [channel.id, tick]);
  return (
    <section class="deliveries" aria-label={`Recent deliveries of ${channel.name}`} data-testid="deliveries">
      <div class="deliveries-head">
        <h3 class="subhead">Recent deliveries</h3>
        <button type="button" class="btn small" onClick={list.reload} disabled={list.loading}>Refresh</button>
      </div>
      {list.error && !list.data ? <ErrorState error={list.error} retry={list.reload} />
        : !list.data ? <Loading />
        : list.data.results.length === 0 ? <EmptyState title="No deliveries yet">Send a test to see one here.</EmptyState>
        : (
          <ul class="plain-list delivery-list">
            {list.data.results.map((d) => (
              <li key={d.id} class="delivery-row" data-status={d.status}>
                <div class="delivery-main">
                  <code>{d.event}</code> <Badge tone={DELIVERY_TONE[d.status] ?? 'muted'}>{d.status}</Badge>
                  <span class="muted small"> {d.attempts} {d.attempts === 1 ? 'attempt' : 'attempts'}</span>
                </div>
                <div class="muted small" title={dateTime(d.delivered_at ?? d.created_at)}>
                  {d.delivered_at ? `delivered ${ago(d.delivered_at)}` : `queued ${ago(d.created_at)}`}
                  {d.status === 'pending' && d.next_attempt_at ? ` · next try ${dateTime(d.next_attempt_at)}` : ''}
                </div>
                {d.last_error && <div class="small delivery-error">{d.last_error}</div>}
              </li>
            ))}
          </ul>
        )}
    </section>
  );
}
