import type { SmtpSettingsService } from '../integrations/smtp.service.js';
import { EmailError, sendEmail } from './email.js';
import { deliverHttp } from './http-delivery.js';
import { ChannelFailure, type ChannelConfig, type ChannelKind, type ChannelMessage, type SendContext } from './kinds/kind.js';
import type { OutboundPolicy } from './outbound-policy.js';
import { WEBHOOK_TIMEOUT_MS } from './webhook.js';

import type { Logger } from 'pino';

export interface ChannelSenderDeps {
  smtp: Pick<SmtpSettingsService, 'transport'>;
  policy: OutboundPolicy;
  userAgent: string;
  logger: Logger;
  timeoutMs?: number;
}

/** Sends one message through a kind with the tools every kind shares; throws ChannelFailure. */
export class ChannelSender {
  constructor(private readonly deps: ChannelSenderDeps) {}

  async send(kind: ChannelKind, config: ChannelConfig, message: ChannelMessage): Promise<void> {
    const deadline = Date.now() + (this.deps.timeoutMs ?? WEBHOOK_TIMEOUT_MS);
    const { policy, userAgent, smtp } = this.deps;
    const ctx: SendContext = {
      policy, deadline, userAgent,
      http: (request) => deliverHttp(request, policy, deadline, userAgent),
      async email(to, subject, text) {
        const settings = await smtp.transport();
        if (!settings) throw new ChannelFailure('SMTP is not configured');
        try {
          await sendEmail(settings, { to: to.join(', '), subject, text });
        } catch (e) {
          throw new ChannelFailure(e instanceof EmailError ? e.message : 'connection failed');
        }
      },
    };
    try {
      await kind.send(message, config, ctx);
    } catch (e) {
      if (e instanceof ChannelFailure) throw e;
      // A kind's own bug or an unexpected library error: logged here, nothing of it reaches the caller.
      this.deps.logger.error({ err: e, kind: kind.kind }, 'channel kind failed unexpectedly');
      throw new ChannelFailure('delivery failed');
    }
  }
}
