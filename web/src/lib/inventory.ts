import { api, apiBlob } from './api.ts';
import type { Device, Page } from './types.ts';

/** A scan schedule (docs/inventory.md, scan schedules). */
export interface Schedule {
  id: string; name: string; ip_range: string; scan_type: string; every_minutes: number | null; rrule: string | null;
  timezone: string; enabled: boolean; last_run_at: string | null; next_run_at: string | null; last_scan_id: string | null;
  last_error: string | null;
}
export interface PresenceSession { started_at: string; ended_at: string | null; status: 'online' | 'offline' }
export interface DeviceChange { changed_at: string; field: 'ip' | 'hostname'; old_value: string | null; new_value: string | null; source: 'scan' | 'user' }
export interface Group { name: string; devices: number; online: number }

export const SCAN_TYPES: Array<[string, string]> = [['basic', 'Basic — top 20 ports'], ['intense', 'Intense — top 100 ports, services, OS'], ['full', 'Full — all ports, scripts']];

export const loadSchedules = (signal?: AbortSignal) => api<Page<Schedule>>('network/schedules/?page_size=200', { signal }).then((p) => p.results);
export const patchSchedule = (id: string, body: Partial<Schedule>) => api<Schedule>(`network/schedules/${id}/`, { method: 'PATCH', body });
export const deleteSchedule = (id: string) => api<void>(`network/schedules/${id}/`, { method: 'DELETE' });

export const loadReviewQueue = (signal?: AbortSignal) => api<Page<Device>>('network/devices/?reviewed=false&page_size=500', { signal }).then((p) => p.results);
export const acknowledgeDevice = (id: string) => api<Device>(`network/devices/${id}/acknowledge/`, { method: 'POST' });
export const patchDevice = (id: string, body: Partial<Device>) => api<Device>(`network/devices/${id}/`, { method: 'PATCH', body });
export const loadGroups = (signal?: AbortSignal) => api<Group[]>('network/groups/', { signal });
export const loadPresence = (id: string, signal?: AbortSignal) => api<Page<PresenceSession>>(`network/devices/${id}/presence/?page_size=50`, { signal }).then((p) => p.results);
export const loadChanges = (id: string, signal?: AbortSignal) => api<Page<DeviceChange>>(`network/devices/${id}/changes/?page_size=50`, { signal }).then((p) => p.results);

/** Comma-separated group names as the API takes them (empty parts dropped). */
export function groupList(text: string): string[] {
  return text.split(',').map((g) => g.trim()).filter(Boolean);
}

/** "every 15 min", "every 2 h", or the RRULE text. */
export function cadence(s: Schedule): string {
  if (s.every_minutes === null) return s.rrule ?? '—';
  const m = s.every_minutes;
  return m % 1440 === 0 ? `every ${m / 1440} d` : m % 60 === 0 ? `every ${m / 60} h` : `every ${m} min`;
}

/** Renames a group on each of its devices (the API keeps groups on devices; there is no group record). */
export async function renameGroup(devices: Device[], from: string, to: string): Promise<void> {
  const key = from.toLowerCase();
  for (const d of devices) {
    const groups = d.groups ?? [];
    if (!groups.some((g) => g.toLowerCase() === key)) continue;
    await patchDevice(d.id, { groups: groups.map((g) => (g.toLowerCase() === key ? to : g)) });
  }
}

/** Downloads the inventory export as a file, with the session's token (a plain link would carry none). */
export async function downloadExport(format: 'csv' | 'json', query = ''): Promise<void> {
  const blob = await apiBlob(`/api/network/devices/export/?format=${format}${query ? `&${query}` : ''}`);
  if (!blob) throw new Error('The export is not available on this server.');
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = `everyst-devices.${format}`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
