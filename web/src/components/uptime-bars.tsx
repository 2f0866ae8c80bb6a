import { uptimeText } from '../lib/monitors.ts';

function tone(uptime: number | null): string {
  if (uptime === null) return 'none';
  return uptime >= 0.999 ? 'ok' : uptime >= 0.95 ? 'warning' : 'error';
}

/** One bar per day (oldest first), coloured by that day's uptime; each names its date and figure on hover. */
export function UptimeBars({ days, label }: { days: Array<{ date: string; uptime: number | null }>; label: string }) {
  const known = days.filter((d) => d.uptime !== null).length;
  return (
    <div class="uptime-bars" role="img" aria-label={`${label}: ${days.length} days, ${known} with checks`} data-testid="uptime-bars">
      {days.map((d) => (
        <span key={d.date} class={`uptime-bar bar-${tone(d.uptime)}`} title={`${d.date}: ${d.uptime === null ? 'no data' : uptimeText(d.uptime)}`} />
      ))}
    </div>
  );
}
