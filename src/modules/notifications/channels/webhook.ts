import { createHmac } from 'node:crypto';
import type { OutboundPolicy } from './outbound-policy.js';
import { pinnedPost, PostFailure } from './pinned-post.js';

export const WEBHOOK_TIMEOUT_MS = 10_000;

/** A failed delivery; `message` is the reason shown after "Webhook error: ". */
export class WebhookError extends Error {
  constructor(message: string, readonly statusCode: number | null = null) {
    super(message);
  }
}

export interface WebhookRequest {
  url: string;
  secret: string;
  event: 'notification' | 'test';
  deliveryId: string;
  /** The JSON body, already serialised: the signature covers these exact bytes. */
  body: string;
  userAgent: string;
  timeoutMs?: number;
  /** The outbound address policy (notifiers/outbound-policy.ts) every send is checked against. */
  policy: OutboundPolicy;
}

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">` (rest.md §7). */
export function webhookSignature(secret: string, timestampSeconds: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')}`;
}

/** The only reasons a caller may see: nothing that tells a closed port from an open or non-HTTP one. */
export const CONNECTION_FAILED = 'connection failed';
export const TIMED_OUT = 'timeout';

/**
 * The webhook channel: one signed POST; resolves with the status on 2xx, throws WebhookError otherwise.
 * The URL's host is checked by the outbound policy at send time and the POST goes to the checked address.
 */
export async function postWebhook(req: WebhookRequest): Promise<number> {
  const deadline = Date.now() + (req.timeoutMs ?? WEBHOOK_TIMEOUT_MS);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const url = new URL(req.url);
  const target = await req.policy.check(url.hostname);
  if (!target.ok) throw new WebhookError(CONNECTION_FAILED);
  if (Date.now() >= deadline) throw new WebhookError(TIMED_OUT);
  let status: number;
  try {
    status = await pinnedPost({
      url, address: target.addresses[0], deadline, body: req.body,
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': req.userAgent,
        'X-Everyst-Event': req.event,
        'X-Everyst-Delivery': req.deliveryId,
        'X-Everyst-Timestamp': timestamp,
        'X-Everyst-Signature': webhookSignature(req.secret, timestamp, req.body),
      },
    });
  } catch (e) {
    throw new WebhookError(e instanceof PostFailure && e.kind === 'timeout' ? TIMED_OUT : CONNECTION_FAILED);
  }
  if (status < 200 || status > 299) throw new WebhookError(`HTTP ${status}`, status);
  return status;
}
