import { email } from './email.js';
import type { ChannelKind } from './kind.js';
import { ntfy } from './ntfy.js';
import { webhook } from './webhook.js';

/** Every channel kind (monitoring.md §5.1), in the order the dashboard offers them. */
export const CHANNEL_KINDS: readonly ChannelKind[] = [email, webhook, ntfy];

const BY_KIND = new Map(CHANNEL_KINDS.map((k) => [k.kind, k]));

export function kindOf(kind: string): ChannelKind | undefined {
  return BY_KIND.get(kind);
}
