
export type SmtpSecurity = 'starttls' | 'tls' | 'none';

/** Everything needed to talk to the SMTP server, with the password already decrypted. */
export interface SmtpTransportSettings {
  host: string;
  port: number;
  username: string | null;
  password: string | null;
  security: SmtpSecurity;
  fromEmail: string;
  fromName: string;
  timeoutSeconds: number;
  /**
   * Where to connect when the host name was resolved through DNS_SERVERS (null: it did not resolve); absent, the
   * mail client resolves `host` itself (no DNS_SERVERS, or an IP address).
   */
  address?: string | null;
}

export interface EmailMessage { to: string; subject: string; text: string }

/** A failed send; `message` is the reason shown after "SMTP error: ". */
export class EmailError extends Error {}

/** The email channel: one message over SMTP (nodemailer), with the timeouts of config.md SMTP_TIMEOUT_SECONDS. */
export async function sendEmail(settings: SmtpTransportSettings, message: EmailMessage): Promise<void> {
  const timeout = settings.timeoutSeconds * 1000;
  if (settings.address === null) throw new EmailError('connection failed');
  // Loaded on the first email: an install that never sends mail does not carry nodemailer in memory.
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport({
    host: settings.address ?? settings.host,
    port: settings.port,
    // TLS checks the certificate against the configured name, not the address connected to.
    ...(settings.address && { tls: { servername: settings.host } }),
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    auth: settings.username ? { user: settings.username, pass: settings.password ?? '' } : undefined,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    dnsTimeout: timeout,
  });
  try {
    await transport.sendMail({
      from: { name: settings.fromName, address: settings.fromEmail },
      to: message.to,
      subject: message.subject,
      text: message.text,
    });
  } catch (e) {
    throw new EmailError(reason(e));
  } finally {
    transport.close();
  }
}

/**
 * Errors that come after a valid SMTP greeting carry the server's own reply, which helps fix the settings. Any
 * other failure is "connection failed" or "timeout": the text must not tell a closed port from one where another
 * service answers (nodemailer's "Invalid greeting" would even quote that service's banner).
 */
const AFTER_GREETING = new Set(['EAUTH', 'ENOAUTH', 'EENVELOPE', 'EMESSAGE', 'ETLS', 'EREQUIRETLS', 'EMAXLIMIT']);

function reason(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  if (code === 'ETIMEDOUT') return 'timeout';
  if (typeof code !== 'string' || !AFTER_GREETING.has(code)) return 'connection failed';
  const text = e instanceof Error ? e.message : String(e);
  return (text.split('\n')[0] ?? '').trim().slice(0, 300) || 'unknown error';
}

/** Subject and body of a notification email. */
export function renderNotificationEmail(n: { title: string; message: string | null; type: string; source: string; timestamp: number }): Omit<EmailMessage, 'to'> {
  const when = new Date(n.timestamp).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
  const lines = [n.title, '', ...(n.message ? [n.message, ''] : []), `Type: ${n.type}`, `Source: ${n.source}`, `Time: ${when}`, '', '— Everyst'];
  return { subject: `[Everyst] ${n.title}`, text: lines.join('\n') };
}
