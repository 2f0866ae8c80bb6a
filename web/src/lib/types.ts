/** Wire shapes of the Everyst API (spec rest.md §1) — only the keys the dashboard reads. */

export type Flag = 'can_manage_users' | 'can_manage_system' | 'can_manage_network' | 'can_view_all_data' | 'can_run_tools' | 'can_manage_monitors';
export const FLAGS: Flag[] = ['can_manage_users', 'can_manage_system', 'can_manage_network', 'can_view_all_data', 'can_run_tools', 'can_manage_monitors'];

export interface Role extends Record<Flag, boolean> {
  name: string;
  description: string;
  priority: number;
  display_name?: string;
  is_builtin?: boolean;
}

export interface User {
  id: number;
  username: string;
  email: string;
  first_name: string;
  last_name: string;
  is_active: boolean;
  date_joined: string;
  last_login: string | null;
  profile_image: string | null;
  role: string;
  role_details: Role;
}

export interface Notification {
  id: string;
  title: string;
  message: string | null;
  type: 'info' | 'success' | 'warning' | 'error';
  timestamp: number;
  is_system: boolean;
  source: string;
  read: boolean;
}

export type DeviceType = 'server' | 'workstation' | 'router' | 'switch' | 'firewall' | 'other';
export type DeviceStatus = 'online' | 'offline' | 'warning' | 'error';

export interface Port { port: number; protocol: string; service?: string; product?: string; version?: string }

export interface Device {
  id: string;
  label: string;
  type: DeviceType;
  ip: string | null;
  mac: string | null;
  hostname: string | null;
  status: DeviceStatus;
  lastSeen: string;
  tags: string[];
  metadata: { ports?: Port[]; os?: string; latency_ms?: number; is_this_server?: boolean; [key: string]: unknown };
  vendor?: string | null;
  isIgnored?: boolean;
  pinnedFields?: string[];
  firstSeen?: string | null;
  macRandomized?: boolean;
  reviewed?: boolean;
  groups?: string[];
  missedScans?: number;
}

export interface Connection { id: string; source: string; target: string; type: string; status: string; latency: number | null }

export interface Scan {
  id: string;
  timestamp: string;
  status: 'queued' | 'in-progress' | 'completed' | 'failed' | 'cancelled' | 'interrupted';
  discoveredDevices: number;
  duration: number | null;
  isStale: boolean;
  errorMessage: string | null;
  scanType?: string;
  progress?: number;
  phase?: string;
  warning?: string | null;
  newDevices?: number;
  offlineDevices?: number;
}

export interface Topology { devices: Device[]; connections: Connection[]; lastScan: Scan | null; activeScanInProgress: boolean }

export interface Page<T> { count: number; next: string | null; previous: string | null; results: T[] }

export interface ScanProgress {
  scan_id: string;
  job_id: string;
  status: string;
  progress: number;
  message: string;
  phase: string;
  discovered_devices: number;
  is_complete: boolean;
  error?: string;
}
