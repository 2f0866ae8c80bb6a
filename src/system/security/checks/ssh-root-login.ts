import type { SshdConfig } from '../sshd-config.js';
import type { SecurityCheck } from '../types.js';
import { makeCheck } from './check.js';
import { NO_SSHD_CONFIG, sshEvidence } from './ssh-evidence.js';

/** pass: `no`, `prohibit-password` (or its old name, or forced commands only); fail: `yes`. */
export function checkSshRootLogin(config: SshdConfig | null): SecurityCheck {
  if (!config) return makeCheck('ssh_root_login', 'unknown', NO_SSHD_CONFIG, { files: [] });
  const setting = config.settings.get('permitrootlogin');
  const evidence = sshEvidence(config, 'permitrootlogin', setting);
  // OpenSSH's default has been prohibit-password since 7.0.
  const value = (setting?.value ?? 'prohibit-password').toLowerCase();
  const where = setting ? '' : ' (default)';
  if (value === 'yes') {
    return makeCheck('ssh_root_login', 'fail', 'Root may log in over SSH (PermitRootLogin yes)', evidence);
  }
  if (value === 'no') return makeCheck('ssh_root_login', 'pass', 'Root may not log in over SSH', evidence);
  if (['prohibit-password', 'without-password', 'forced-commands-only'].includes(value)) {
    return makeCheck('ssh_root_login', 'pass', `Root may log in over SSH with keys only${where}`, evidence);
  }
  return makeCheck('ssh_root_login', 'unknown', `Unrecognised PermitRootLogin value "${setting?.value}"`, evidence);
}

