import type { Connection, Device } from '../lib/types.ts';

interface Placed { device: Device; x: number; y: number }
const RING = 130;
const TYPE_MARK: Record<string, string> = { router: 'R', switch: 'S', server: 'Sv', workstation: 'W', firewall: 'F', other: '•' };

/**
 * Radial layout: the best-connected device (the gateway or this server, as the scanner infers) in the middle,
 * each further hop on the next ring, leaves spread evenly; devices without connections on an outer ring.
 */
export function layout(devices: Device[], connections: Connection[]): { nodes: Placed[]; size: number } {
  const ids = new Set(devices.map((d) => d.id));
  const adjacent = new Map<string, string[]>(devices.map((d) => [d.id, []]));
  for (const c of connections) {
    if (!ids.has(c.source) || !ids.has(c.target)) continue;
    adjacent.get(c.source)?.push(c.target);
    adjacent.get(c.target)?.push(c.source);
  }
  const byId = new Map(devices.map((d) => [d.id, d]));
  const connected = devices.filter((d) => (adjacent.get(d.id)?.length ?? 0) > 0)
    .sort((a, b) => (adjacent.get(b.id)?.length ?? 0) - (adjacent.get(a.id)?.length ?? 0) || (a.type === 'router' ? -1 : 1));
  const children = new Map<string, string[]>();
  const depth = new Map<string, number>();
  const roots: string[] = [];
  for (const start of connected) {
    if (depth.has(start.id)) continue;
    roots.push(start.id);
    depth.set(start.id, 0);
    const queue = [start.id];
    while (queue.length) {
      const id = queue.shift() as string;
      for (const next of adjacent.get(id) ?? []) {
        if (depth.has(next)) continue;
        depth.set(next, (depth.get(id) ?? 0) + 1);
        children.set(id, [...(children.get(id) ?? []), next]);
        queue.push(next);
      }
    }
  }
  // Leaves in tree order get evenly spaced angles; parents sit at the mean angle of their children.
  const leaves: string[] = [];
  const walk = (id: string) => ((children.get(id)?.length ?? 0) === 0 ? leaves.push(id) : children.get(id)?.forEach(walk));
  roots.forEach(walk);
  const angle = new Map<string, number>();
  leaves.forEach((id, i) => angle.set(id, (i / Math.max(1, leaves.length)) * Math.PI * 2));
  const settle = (id: string): number => {
    const kids = children.get(id) ?? [];
    if (kids.length === 0) return angle.get(id) ?? 0;
    const mean = kids.map(settle).reduce((a, b) => a + b, 0) / kids.length;
    angle.set(id, mean);
    return mean;
  };
  roots.forEach(settle);
  const nodes: Placed[] = [];
  let maxDepth = 0;
  for (const [id, d] of depth) {
    maxDepth = Math.max(maxDepth, d);
    const a = angle.get(id) ?? 0;
    const r = roots.length === 1 ? d * RING : (d + 1) * RING * 0.8;
    nodes.push({ device: byId.get(id) as Device, x: Math.cos(a) * r, y: Math.sin(a) * r });
  }
  const loose = devices.filter((d) => !depth.has(d.id));
  const outer = (maxDepth + (connected.length ? 1.4 : 0.8)) * RING;
  loose.forEach((device, i) => {
    const a = (i / loose.length) * Math.PI * 2 - Math.PI / 2;
    nodes.push({ device, x: Math.cos(a) * (loose.length === 1 && !connected.length ? 0 : outer), y: Math.sin(a) * (loose.length === 1 && !connected.length ? 0 : outer) });
  });
  const size = Math.max(...nodes.map((n) => Math.max(Math.abs(n.x), Math.abs(n.y))), 60) + 80;
  return { nodes, size };
}

export function TopologyGraph({ devices, connections, selected, onSelect }: {
  devices: Device[]; connections: Connection[]; selected: string | null; onSelect: (id: string) => void;
}) {
  const { nodes, size } = layout(devices, connections);
  const at = new Map(nodes.map((n) => [n.device.id, n]));
  return (
    <svg class="topology" viewBox={`${-size} ${-size} ${size * 2} ${size * 2}`} role="group" aria-label={`Network map: ${devices.length} devices, ${connections.length} connections`}>
      {connections.map((c) => {
        const a = at.get(c.source), b = at.get(c.target);
        return a && b ? <line key={c.id} class={`edge edge-${c.status}`} x1={a.x} y1={a.y} x2={b.x} y2={b.y}><title>{c.type}{c.latency !== null ? ` · ${c.latency} ms` : ''}</title></line> : null;
      })}
      {nodes.map(({ device: d, x, y }) => (
        <g key={d.id} class={`node status-${d.status} ${selected === d.id ? 'selected' : ''}`} transform={`translate(${x},${y})`}
          tabIndex={0} role="button" aria-pressed={selected === d.id} aria-label={`${d.label}, ${d.type}, ${d.ip ?? 'no IP'}, ${d.status}`}
          onClick={() => onSelect(d.id)} onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onSelect(d.id))}>
          <circle r="20" />
          <text class="node-mark" dy="5">{TYPE_MARK[d.type] ?? '•'}</text>
          <text class="node-label" dy="36">{d.label.length > 22 ? `${d.label.slice(0, 21)}…` : d.label}</text>
          <text class="node-ip" dy="50">{d.ip ?? ''}</text>
        </g>
      ))}
    </svg>
  );
}
