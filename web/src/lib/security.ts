import { api } from './api.ts';
import type { Page } from './types.ts';

export interface SecurityCheck { id: string; title: string; status: 'pass' | 'warn' | 'fail' | 'unknown'; detail: string; evidence: Record<string, unknown> | null }
export interface SecuritySnapshot {
  timestamp: string; score: number; status: 'success' | 'warning' | 'error'; checks: SecurityCheck[];
  listening: Array<{ protocol: string; address: string; port: number; process: string | null }> | null;
}
export interface SecuritySummary { timestamp: string; score: number; status: string }

export const loadSecurity = (signal?: AbortSignal) => api<SecuritySnapshot>('security/', { signal });
export const refreshSecurity = () => api<SecuritySnapshot>('security/refresh/', { method: 'POST' });
export const loadSecurityHistory = (signal?: AbortSignal) => api<Page<SecuritySummary>>('security/history/?page_size=96', { signal }).then((p) => p.results);

export const CHECK_TONE: Record<SecurityCheck['status'], string> = { pass: 'ok', warn: 'warning', fail: 'error', unknown: 'muted' };

/** What each check means and how to fix it when it does not pass (the checks of the server's security status). */
export const CHECK_HELP: Record<string, { means: string; fix: string }> = {
  listening_ports: {
    means: 'Services other than Everyst and SSH accept connections from other machines; each is a way in.',
    fix: 'Stop services you do not need, bind the others to 127.0.0.1, or block their ports in the firewall.',
  },
  ssh_root_login: {
    means: 'SSH lets root sign in with a password: the account every attacker tries first.',
    fix: 'Set "PermitRootLogin prohibit-password" (or "no") in /etc/ssh/sshd_config and reload sshd.',
  },
  ssh_password_auth: {
    means: 'SSH accepts passwords, which can be guessed; keys cannot.',
    fix: 'Install your public key, then set "PasswordAuthentication no" in /etc/ssh/sshd_config and reload sshd.',
  },
  firewall: {
    means: 'No firewall rules are loaded: every listening port is reachable from the network.',
    fix: 'Enable a firewall (ufw, firewalld or nftables) that allows only the ports you need (SSH, Everyst).',
  },
  reboot_required: {
    means: 'Updates were installed that take effect only after a restart (often the kernel).',
    fix: 'Restart the server at a quiet moment.',
  },
  everyst_tls: {
    means: 'Everyst is reachable over plain HTTP from the network: passwords and tokens travel unencrypted.',
    fix: 'Set TLS_CERT_FILE and TLS_KEY_FILE, or put Everyst behind a TLS proxy and set TRUST_PROXY=true.',
  },
  everyst_debug: {
    means: 'Debug mode is on while Everyst listens on the network; it shows internal details to anyone.',
    fix: 'Set DEBUG=false and restart Everyst.',
  },
  everyst_cors: {
    means: 'Any web site may call this API from a signed-in browser.',
    fix: 'Turn CORS_ALLOW_ALL_ORIGINS off and list the origins you need in CORS_ALLOWED_ORIGINS.',
  },
  failed_logins: {
    means: 'Many sign-ins failed recently, or an account is locked out right now: someone may be guessing passwords.',
    fix: 'Look at the sign-in attempts on the Users page; unlock an account you know, and block addresses you do not.',
  },
  weak_accounts: {
    means: 'An owner or admin account has not been used for 90 days; a forgotten account with full rights is a risk.',
    fix: 'Deactivate or delete accounts that are no longer needed, or lower their role.',
  },
};
