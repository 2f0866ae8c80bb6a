import { STATUS_TONE } from '../lib/monitors.ts';
import { Badge } from './ui.tsx';

/** A monitor's status as a coloured dot and its word (colour is never the only cue). */
export function MonitorStatusBadge({ status }: { status: string }) {
  return <Badge tone={STATUS_TONE[status] ?? 'muted'}><span class="dot" aria-hidden="true" /><span data-testid="monitor-status">{status}</span></Badge>;
}
