import { useState } from 'preact/hooks';
import { time as formatTime } from '../lib/format.ts';

export interface Series { name: string; tone: 1 | 2 | 3 | 4; values: Array<number | null> }

/** 1, 2, 2.5 or 5 × 10ⁿ at or above `value` — in steps of 1024ⁿ for bytes — so axis labels stay round. */
export function niceMax(value: number, bytes = false): number {
  if (!(value > 0)) return 1;
  const scale = bytes ? 1024 ** Math.max(0, Math.floor(Math.log(value) / Math.log(1024))) : 1;
  const scaled = value / scale;
  const exp = 10 ** Math.floor(Math.log10(scaled));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * exp >= scaled) return m * exp * scale;
  return 10 * exp * scale;
}

function segments(values: Array<number | null>, xs: number[], max: number): string[] {
  const out: string[] = [];
  let current: string[] = [];
  values.forEach((v, i) => {
    if (v === null || !Number.isFinite(v)) {
      if (current.length) out.push(current.join(' '));
      current = [];
      return;
    }
    const y = 100 - (Math.min(v, max) / max) * 100;
    current.push(`${xs[i].toFixed(2)},${y.toFixed(2)}`);
  });
  if (current.length) out.push(current.join(' '));
  // A lone point between gaps is drawn as a dot: a zero-length segment with round caps.
  return out.map((points) => (points.includes(' ') ? points : `${points} ${points}`));
}

/** A drag narrower than this share of the plot is a click, not a zoom. */
const MIN_DRAG = 0.01;

/**
 * A time-series line chart drawn as SVG. The plot stretches to its box (non-scaling strokes keep lines crisp);
 * labels are HTML so text never distorts. `times` are epoch ms; `from`/`to` fix the window (live charts scroll).
 * Hovering shows a crosshair and the values under it; with `onZoom`, dragging across the plot selects a window.
 */
export function LineChart({ label, series, times, from, to, max, format, height = 160, formatX = formatTime, bytes = false, onZoom }: {
  label: string; series: Series[]; times: number[]; from?: number; to?: number; max?: number;
  format: (v: number) => string; height?: number; formatX?: (t: number) => string; bytes?: boolean;
  onZoom?: (from: number, to: number) => void;
}) {
  const t0 = from ?? times[0] ?? 0;
  const t1 = to ?? times[times.length - 1] ?? 1;
  const span = Math.max(1, t1 - t0);
  const xs = times.map((t) => ((t - t0) / span) * 1000);
  const highest = Math.max(0, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v))));
  const top = max ?? niceMax(Math.max(highest * 1.1, bytes ? 1024 : 1), bytes);
  const latest = series.map((s) => [...s.values].reverse().find((v) => v !== null && v !== undefined) ?? null);
  const summary = `${label}: ${series.map((s, i) => `${s.name} ${latest[i] === null ? 'no data' : format(latest[i] as number)}`).join(', ')}`;
  const [hover, setHover] = useState<number | null>(null);
  const [drag, setDrag] = useState<{ start: number; end: number } | null>(null);
  const share = (e: PointerEvent) => {
    const box = (e.currentTarget as HTMLElement).getBoundingClientRect();
    return box.width > 0 ? Math.min(1, Math.max(0, (e.clientX - box.left) / box.width)) : 0;
  };
  const onDown = (e: PointerEvent) => {
    if (!onZoom || !times.length || e.button !== 0) return;
    (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
    setDrag({ start: share(e), end: share(e) });
  };
  const onUp = (e: PointerEvent) => {
    if (!drag || !onZoom) return;
    const end = share(e);
    setDrag(null);
    const [a, b] = [Math.min(drag.start, end), Math.max(drag.start, end)];
    if (b - a >= MIN_DRAG) onZoom(Math.round(t0 + a * span), Math.round(t0 + b * span));
  };
  const onMove = (e: PointerEvent) => {
    const box = (e.currentTarget as HTMLElement).getBoundingClientRect();
    if (!times.length || box.width <= 0) return;
    if (drag) setDrag({ ...drag, end: share(e) });
    const at = ((e.clientX - box.left) / box.width) * 1000;
    let best = 0;
    xs.forEach((x, i) => { if (Math.abs(x - at) < Math.abs(xs[best] - at)) best = i; });
    setHover(best);
  };
  const hovered = hover !== null && hover < times.length ? hover : null;
  return (
    <figure class="chart">
      <div class={`chart-plot${onZoom ? ' zoomable' : ''}`} style={{ height: `${height}px` }} onPointerMove={onMove} onPointerLeave={() => setHover(null)}
        onPointerDown={onDown} onPointerUp={onUp} onPointerCancel={() => setDrag(null)} title={onZoom ? 'Drag across the chart to zoom in' : undefined}>
        {drag && (
          <span class="chart-selection" data-testid="chart-selection" aria-hidden="true"
            style={{ left: `${Math.min(drag.start, drag.end) * 100}%`, width: `${Math.abs(drag.end - drag.start) * 100}%` }} />
        )}
        {hovered !== null && (
          <>
            <span class="chart-cursor" style={{ left: `${xs[hovered] / 10}%` }} aria-hidden="true" />
            <span class={`chart-tip ${xs[hovered] > 600 ? 'left' : ''}`} style={{ left: `${xs[hovered] / 10}%` }} data-testid="chart-tip">
              <span class="muted">{formatX(times[hovered])}</span>
              {series.map((s) => <span key={s.name}>{s.name}: <strong>{s.values[hovered] === null || s.values[hovered] === undefined ? '—' : format(s.values[hovered] as number)}</strong></span>)}
            </span>
          </>
        )}
        <svg viewBox="0 0 1000 100" preserveAspectRatio="none" role="img" aria-label={summary}>
          {[0, 25, 50, 75].map((y) => <line key={y} class="grid" x1="0" x2="1000" y1={y} y2={y} />)}
          <line class="axis" x1="0" x2="1000" y1="100" y2="100" />
          {series.map((s) => segments(s.values, xs, top).map((points, j) => (
            <polyline key={`${s.name}-${j}`} class={`line tone-${s.tone}`} points={points} />
          )))}
        </svg>
        <span class="y-label" style={{ top: '0%' }}>{format(top)}</span>
        <span class="y-label" style={{ top: '50%' }}>{format(top / 2)}</span>
        {times.length === 0 && <span class="chart-empty">Waiting for data…</span>}
      </div>
      <div class="x-labels" aria-hidden="true"><span>{times.length ? formatX(t0) : ''}</span><span>{times.length ? formatX(t1) : ''}</span></div>
      <figcaption class="legend">
        {series.map((s, i) => (
          <span key={s.name} class="legend-item">
            <span class={`swatch tone-${s.tone}`} aria-hidden="true" />{s.name}
            <strong data-testid={`latest-${s.name.toLowerCase().replace(/\W+/g, '-')}`}>{latest[i] === null ? '—' : format(latest[i] as number)}</strong>
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
