import { useAsync } from '../../lib/hooks.ts';
import { dateTime } from '../../lib/format.ts';
import { loadSecurityHistory } from '../../lib/security.ts';

const TONE: Record<string, string> = { success: 'var(--ok)', warning: 'var(--warning)', error: 'var(--error)' };

/** The score of the recent snapshots, oldest left, as a row of bars (holders of can_view_all_data only). */
export function SecurityTrend({ tick }: { tick: number }) {
  const history = useAsync((signal) => loadSecurityHistory(signal), [tick]);
  const rows = [...(history.data ?? [])].reverse();
  if (history.error || rows.length === 0) return null;
  const width = 8;
  return (
    <div class="security-trend">
      <svg width={rows.length * width} height="48" viewBox={`0 0 ${rows.length * width} 48`} preserveAspectRatio="none" role="img"
        aria-label={`Score trend: ${rows.length} snapshots, from ${rows[0].score} to ${rows[rows.length - 1].score}`}>
        {rows.map((r, i) => (
          <rect key={r.timestamp} x={i * width + 1} width={width - 2} y={48 - (r.score / 100) * 46} height={(r.score / 100) * 46 + 0.5} fill={TONE[r.status] ?? 'var(--muted)'}>
            <title>{`${dateTime(r.timestamp)}: ${r.score}`}</title>
          </rect>
        ))}
      </svg>
      <p class="muted small">Score of the last {rows.length} snapshots, since {dateTime(rows[0].timestamp)}</p>
    </div>
  );
}
