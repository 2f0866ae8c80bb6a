import { createHmac } from 'node:crypto';

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
}

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">` (rest.md §7). */
export function webhookSignature(secret: string, timestampSeconds: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`).digest('hex')}`;
}

/** The webhook channel: one signed POST; resolves with the status on 2xx, throws WebhookError otherwise. */
export async function postWebhook(req: WebhookRequest): Promise<number> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const timeoutMs = req.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  let response: Response;
  try {
    response = await fetch(req.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
      headers: {
        'Content-Type': 'application/json',
        'User-Agent': req.userAgent,
        'X-Everyst-Event': req.event,
        'X-Everyst-Delivery': req.deliveryId,
        'X-Everyst-Timestamp': timestamp,
        'X-Everyst-Signature': webhookSignature(req.secret, timestamp, req.body),
      },
      body: req.body,
    });
  } catch (e) {
    throw new WebhookError(networkReason(e, timeoutMs));
  }
  await response.body?.cancel().catch(() => undefined);
  if (response.status < 200 || response.status > 299) throw new WebhookError(`HTTP ${response.status}`, response.status);
  return response.status;
}

function networkReason(e: unknown, timeoutMs: number): string {
  const err = e as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (err.name === 'TimeoutError' || err.name === 'AbortError') {
    return `timed out after ${timeoutMs % 1000 === 0 ? `${timeoutMs / 1000} s` : `${timeoutMs} ms`}`;
  }
  const code = err.cause?.code;
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused', ECONNRESET: 'connection reset', ENOTFOUND: 'host not found',
    EHOSTUNREACH: 'host unreachable', ENETUNREACH: 'network unreachable', ETIMEDOUT: 'connection timed out',
  };
  if (code && known[code]) return known[code];
  return (err.cause?.message ?? err.message ?? 'request failed').split('\n')[0].slice(0, 300);
}
