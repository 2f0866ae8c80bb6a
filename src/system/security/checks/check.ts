import type { CheckStatus, SecurityCheck } from '../types.js';

export const TITLES = {
  listening_ports: 'Listening ports',
  ssh_root_login: 'SSH root login',
  ssh_password_auth: 'SSH password authentication',
  firewall: 'Firewall',
  reboot_required: 'Pending reboot',
  everyst_tls: 'Everyst HTTPS',
  everyst_debug: 'Everyst debug mode',
  everyst_cors: 'Everyst CORS',
  failed_logins: 'Failed logins',
  weak_accounts: 'Unused administrator accounts',
} as const;

export type CheckId = keyof typeof TITLES;

export function makeCheck(
  id: CheckId,
  status: CheckStatus,
  detail: string,
  evidence: Record<string, unknown> = {},
): SecurityCheck {
  return { id, title: TITLES[id], status, detail, evidence };
}
