import { api } from './api.ts';
import type { Device, Page } from './types.ts';

/** Every device (ignored ones included), following `next` for networks larger than one page. */
export async function loadAllDevices(signal?: AbortSignal): Promise<Device[]> {
  const all: Device[] = [];
  let url: string | null = 'network/devices/?page_size=500';
  for (let i = 0; url && i < 20; i++) {
    const page: Page<Device> = await api<Page<Device>>(url.startsWith('http') ? new URL(url).pathname + new URL(url).search : url, { signal });
    all.push(...page.results);
    url = page.next;
  }
  return all;
}

export const DEVICE_TYPES = ['server', 'workstation', 'router', 'switch', 'firewall', 'other'] as const;

export function openPorts(d: Device): string {
  const ports = Array.isArray(d.metadata?.ports) ? d.metadata.ports : [];
  return ports.map((p) => (p.service ? `${p.port}/${p.service}` : String(p.port))).join(', ');
}

export function deviceOs(d: Device): string {
  return typeof d.metadata?.os === 'string' ? d.metadata.os : '';
}
