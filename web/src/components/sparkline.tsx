/** Recent response times as a tiny inline SVG line (no axes); gaps (failed checks) break the line. */
export function Sparkline({ values, label, width = 120, height = 28 }: { values: Array<number | null>; label: string; width?: number; height?: number }) {
  const numbers = values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  if (numbers.length === 0) return <span class="sparkline-empty muted small" aria-label={`${label}: no data`}>—</span>;
  const max = Math.max(...numbers, 1);
  const step = values.length > 1 ? width / (values.length - 1) : 0;
  const runs: string[][] = [[]];
  values.forEach((v, i) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      if (runs[runs.length - 1].length) runs.push([]);
      return;
    }
    runs[runs.length - 1].push(`${(i * step).toFixed(1)},${(height - 2 - (v / max) * (height - 4)).toFixed(1)}`);
  });
  const latest = numbers[numbers.length - 1];
  return (
    <svg class="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img"
      aria-label={`${label}: latest ${Math.round(latest)} ms, highest ${Math.round(max)} ms`}>
      {runs.filter((r) => r.length).map((r, i) => (
        r.length === 1 ? <circle key={i} cx={r[0].split(',')[0]} cy={r[0].split(',')[1]} r="1.5" /> : <polyline key={i} points={r.join(' ')} />
      ))}
    </svg>
  );
}
