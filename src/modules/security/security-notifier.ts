import type { Logger } from 'pino';
import type { SecurityChange } from '../../system/security/index.js';

/**
 * What this module needs from the notifications module: one personal notification for every active
 * holder of a permission flag (NotificationsService.createForFlag satisfies it).
 */
export interface FlagNotifier {
  createForFlag(
    flag: 'can_manage_system',
    notification: { title: string; message?: string | null; type?: 'success' | 'warning' | 'error'; source?: string },
  ): Promise<unknown>;
}

export const SECURITY_SOURCE = 'security';

/** Sends each change to the holders of `can_manage_system` (security.md §2); a failed send is logged, not thrown. */
export async function notifyChanges(notifier: FlagNotifier, changes: readonly SecurityChange[], logger: Logger): Promise<void> {
  for (const change of changes) {
    try {
      await notifier.createForFlag('can_manage_system', {
        title: change.title,
        message: change.message,
        type: change.type,
        source: SECURITY_SOURCE,
      });
    } catch (err) {
      logger.error({ err, change: change.title }, 'security notification failed');
    }
  }
}
