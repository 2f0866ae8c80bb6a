import { CONNECTION_FAILED, TIMED_OUT } from './webhook.js';
import { ChannelFailure, type HttpRequest } from './kinds/kind.js';
import type { OutboundPolicy } from './outbound-policy.js';
import { pinnedRequest, PostFailure } from './pinned-post.js';

/** A Retry-After longer than this is cut to it: a channel must not go quiet for a day on one answer. */
const MAX_RETRY_AFTER_MS = 3_600_000;

/**
 * One HTTP request of a channel: the host is checked by the outbound policy and the connection goes to the
 * checked address (no second lookup). 2xx resolves; anything else throws ChannelFailure with no more detail than
 * "connection failed", "timeout" or "HTTP <status>" — plus, on 429, how long the receiver asked us to wait.
 */
export async function deliverHttp(req: HttpRequest, policy: OutboundPolicy, deadline: number, userAgent: string): Promise<void> {
  let url: URL;
  try {
    url = new URL(req.url);
  } catch {
    throw new ChannelFailure(CONNECTION_FAILED);
  }
  const target = await policy.check(url.hostname);
  if (!target.ok) throw new ChannelFailure(CONNECTION_FAILED);
  if (Date.now() >= deadline) throw new ChannelFailure(TIMED_OUT);
  let answer;
  try {
    answer = await pinnedRequest({
      url, address: target.addresses[0], deadline, body: req.body, method: req.method ?? 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': userAgent, ...req.headers },
    });
  } catch (e) {
    throw new ChannelFailure(e instanceof PostFailure && e.kind === 'timeout' ? TIMED_OUT : CONNECTION_FAILED);
  }
  if (answer.status >= 200 && answer.status <= 299) return;
  throw new ChannelFailure(`HTTP ${answer.status}`, answer.status === 429 || answer.status === 503 ? retryAfterMs(answer.retryAfter) : null);
}

/** Retry-After as seconds or an HTTP date (RFC 9110 §10.2.3); null when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now;
  if (!Number.isFinite(ms)) return null;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}
