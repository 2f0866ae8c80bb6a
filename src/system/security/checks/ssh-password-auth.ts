import type { SshdConfig } from '../sshd-config.js';
import type { SecurityCheck } from '../types.js';
import { makeCheck } from './check.js';
import { NO_SSHD_CONFIG, sshEvidence } from './ssh-evidence.js';

/** pass: `PasswordAuthentication no`; warn: yes or unset (sshd's default is yes). */
export function checkSshPasswordAuth(config: SshdConfig | null): SecurityCheck {
  if (!config) return makeCheck('ssh_password_auth', 'unknown', NO_SSHD_CONFIG, { files: [] });
  const setting = config.settings.get('passwordauthentication');
  const evidence = sshEvidence(config, 'passwordauthentication', setting);
  if (setting?.value.toLowerCase() === 'no') {
    return makeCheck('ssh_password_auth', 'pass', 'SSH password authentication is off', evidence);
  }
  const detail = setting ? 'SSH password authentication is on' : 'SSH password authentication is on (default)';
  return makeCheck('ssh_password_auth', 'warn', detail, evidence);
}
