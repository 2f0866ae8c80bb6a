import { apprise } from './apprise.js';
import { discord } from './discord.js';
import { email } from './email.js';
import { gotify } from './gotify.js';
import type { ChannelKind } from './kind.js';
import { matrix } from './matrix.js';
import { mqtt } from './mqtt.js';
import { ntfy } from './ntfy.js';
import { pushover } from './pushover.js';
import { slack } from './slack.js';
import { teams } from './teams.js';
import { telegram } from './telegram.js';
import { webhook } from './webhook.js';

/** Every channel kind (monitoring.md §5.1), in the order the dashboard offers them. */
export const CHANNEL_KINDS: readonly ChannelKind[] = [email, webhook, ntfy, gotify, discord, slack, teams, telegram, matrix, pushover, mqtt, apprise];

const BY_KIND = new Map(CHANNEL_KINDS.map((k) => [k.kind, k]));

export function kindOf(kind: string): ChannelKind | undefined {
  return BY_KIND.get(kind);
}
