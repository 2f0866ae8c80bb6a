import type { Flag } from '../lib/types.ts';
import type { IconName } from './icons.tsx';

/** The pages of the navigation; `flag` hides a page from roles without it (the server refuses it anyway). */
export interface NavItem { path: string; label: string; icon: IconName; flag?: Flag }

export const NAV: NavItem[] = [
  { path: '/', label: 'Dashboard', icon: 'dashboard' },
  { path: '/history', label: 'History', icon: 'history' },
  { path: '/agents', label: 'Agents', icon: 'agents' },
  { path: '/monitors', label: 'Monitors', icon: 'monitors' },
  { path: '/maintenance', label: 'Maintenance', icon: 'maintenance' },
  { path: '/status-pages', label: 'Status pages', icon: 'status' },
  { path: '/devices', label: 'Devices', icon: 'devices' },
  { path: '/network', label: 'Network map', icon: 'network' },
  { path: '/scan-schedules', label: 'Scan schedules', icon: 'clock' },
  { path: '/tools', label: 'Tools', icon: 'tools', flag: 'can_run_tools' },
  { path: '/notifications', label: 'Notifications', icon: 'bell' },
  { path: '/settings/alert-rules', label: 'Alert rules', icon: 'rules', flag: 'can_manage_system' },
  { path: '/settings/channels', label: 'Channels', icon: 'channels', flag: 'can_manage_system' },
  { path: '/settings/email', label: 'Email (SMTP)', icon: 'mail', flag: 'can_manage_system' },
  { path: '/settings/prometheus', label: 'Prometheus', icon: 'gauge', flag: 'can_manage_system' },
  { path: '/security', label: 'Security', icon: 'shield' },
  { path: '/users', label: 'Users', icon: 'users', flag: 'can_manage_users' },
  { path: '/roles', label: 'Roles', icon: 'roles', flag: 'can_manage_users' },
  { path: '/account', label: 'Account', icon: 'account' },
];
