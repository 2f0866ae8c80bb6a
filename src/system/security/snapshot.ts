import { checkEverystCors } from './checks/everyst-cors.js';
import { checkEverystDebug } from './checks/everyst-debug.js';
import { checkEverystTls } from './checks/everyst-tls.js';
import { checkFailedLogins } from './checks/failed-logins.js';
import { checkFirewall } from './checks/firewall.js';
import { checkListeningPorts } from './checks/listening-ports.js';
import { checkRebootRequired } from './checks/reboot-required.js';
import { checkSshPasswordAuth } from './checks/ssh-password-auth.js';
import { checkSshRootLogin } from './checks/ssh-root-login.js';
import { checkWeakAccounts } from './checks/weak-accounts.js';
import { readListening } from './listening.js';
import { scoreChecks, snapshotStatus } from './score.js';
import { readSshdConfig } from './sshd-config.js';
import type { FileReader, SecurityContext, SecuritySnapshot } from './types.js';

/**
 * Runs every check of security.md §1 against one host view. Never throws for an unreadable
 * source: that check reports `unknown`. The caller adds `timestamp` and `host` when storing it.
 */
export async function takeSnapshot(reader: FileReader, context: SecurityContext): Promise<SecuritySnapshot> {
  const [listening, sshd, firewall, reboot] = await Promise.all([
    readListening(reader),
    readSshdConfig(reader),
    checkFirewall(reader),
    checkRebootRequired(reader),
  ]);
  const checks = [
    checkListeningPorts(listening, {
      everystPid: context.everystPid,
      everystPort: context.apiPort,
      sshPorts: sshd && sshd.ports.length > 0 ? sshd.ports : [22],
    }),
    checkSshRootLogin(sshd),
    checkSshPasswordAuth(sshd),
    firewall,
    reboot,
    checkEverystTls(context),
    checkEverystDebug(context),
    checkEverystCors(context),
    checkFailedLogins(context),
    checkWeakAccounts(context),
  ];
  return {
    score: scoreChecks(checks),
    status: snapshotStatus(checks),
    checks,
    listening: listening.listeners.map(({ protocol, address, port, process }) => ({
      protocol,
      address,
      port,
      process,
    })),
  };
}
