import { isIP } from 'node:net';
import type { Config } from '../../../config/config.js';
import { isEmail, isHostname } from '../../../config/parsers.js';
import { bool, nowIso, wireTime } from '../../../db/values.js';
import { FieldErrorCollector, badGateway, badRequest, validationError } from '../../../errors.js';
import type { Principal } from '../../../auth/permissions.js';
import type { SecretBox } from '../../../crypto/secrets.js';
import { EmailError, sendEmail, type SmtpSecurity, type SmtpTransportSettings } from '../channels/email.js';
import type { SmtpRepository } from './smtp.repository.js';

const SECURITY: readonly SmtpSecurity[] = ['starttls', 'tls', 'none'];
const REQUIRED = 'This field is required.';
const notString = (v: unknown) => v !== undefined && v !== null && typeof v !== 'string';

/** SMTP settings: stored ones win over the environment (config.md §11); the password is sealed at rest. */
export class SmtpSettingsService {
  /** Test outcome for environment settings, which have no row to keep it in. */
  private environmentTest: { at: string; ok: boolean } | null = null;

  constructor(
    private readonly repo: SmtpRepository,
    private readonly secrets: SecretBox,
    private readonly environment: Config['smtp'],
    private readonly timeoutSeconds: number,
    /** DNS_SERVERS: the SMTP host's name is resolved through them, never by the mail client's own lookup. */
    private readonly resolveName: ((host: string) => Promise<string[]>) | null = null,
  ) {}

  /** The settings to send with, or null when email is not configured (or stored settings are disabled). */
  async transport(): Promise<SmtpTransportSettings | null> {
    const settings = await this.configured();
    if (!settings || !this.resolveName || isIP(settings.host)) return settings;
    return { ...settings, address: (await this.resolveName(settings.host))[0] ?? null };
  }

  private async configured(): Promise<SmtpTransportSettings | null> {
    const row = await this.repo.get();
    if (row) {
      if (!bool(row.enabled)) return null;
      return {
        host: row.host, port: row.port, username: row.username, password: this.secrets.decrypt(row.password_encrypted),
        security: row.security as SmtpSecurity, fromEmail: row.from_email, fromName: row.from_name, timeoutSeconds: this.timeoutSeconds,
      };
    }
    const env = this.environment;
    if (!env) return null;
    return {
      host: env.host, port: env.port, username: env.user, password: env.password, security: env.security,
      fromEmail: env.from, fromName: env.fromName, timeoutSeconds: env.timeoutSeconds,
    };
  }

  /** SmtpSettings of rest.md §7; never contains the password. */
  async get() {
    const row = await this.repo.get();
    if (row) {
      return {
        enabled: bool(row.enabled), host: row.host, port: row.port, username: row.username,
        password_set: this.secrets.decrypt(row.password_encrypted) !== null, security: row.security,
        from_email: row.from_email, from_name: row.from_name, source: 'database' as const,
        last_tested_at: wireTime(row.last_tested_at), last_test_ok: row.last_test_ok === null ? null : bool(row.last_test_ok),
      };
    }
    const env = this.environment;
    return {
      enabled: env !== null, host: env?.host ?? null, port: env?.port ?? 587, username: env?.user ?? null,
      password_set: Boolean(env?.password), security: env?.security ?? 'starttls', from_email: env?.from ?? null,
      from_name: env?.fromName ?? 'Everyst', source: env ? ('environment' as const) : ('none' as const),
      last_tested_at: env ? wireTime(this.environmentTest?.at) : null, last_test_ok: env ? (this.environmentTest?.ok ?? null) : null,
    };
  }

  async put(p: Principal, body: Record<string, unknown>) {
    const errors = new FieldErrorCollector();
    const { host, username, password, from_email: fromEmail } = body;
    if (host === undefined || host === null || host === '') errors.add('host', REQUIRED);
    else if (typeof host !== 'string' || host.length > 255 || !(isIP(host) || isHostname(host))) errors.add('host', 'Enter a valid host name or IP address.');
    const port = body.port ?? 587;
    if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) errors.add('port', 'Ensure this value is an integer between 1 and 65535.');
    if (notString(username)) errors.add('username', 'Not a valid string.');
    else if (typeof username === 'string' && username.length > 255) errors.add('username', 'Ensure this field has no more than 255 characters.');
    if (notString(password)) errors.add('password', 'Not a valid string.');
    const security = body.security ?? (port === 465 ? 'tls' : 'starttls');
    if (typeof security !== 'string' || !SECURITY.includes(security as SmtpSecurity)) errors.add('security', `"${String(security)}" is not a valid choice.`);
    if (fromEmail === undefined || fromEmail === null || fromEmail === '') errors.add('from_email', REQUIRED);
    else if (typeof fromEmail !== 'string' || !isEmail(fromEmail)) errors.add('from_email', 'Enter a valid email address.');
    const fromName = body.from_name ?? 'Everyst';
    if (typeof fromName !== 'string') errors.add('from_name', 'Not a valid string.');
    else if (fromName.length > 100) errors.add('from_name', 'Ensure this field has no more than 100 characters.');
    const enabled = body.enabled ?? true;
    if (typeof enabled !== 'boolean') errors.add('enabled', 'Must be a valid boolean.');
    errors.throwIfAny();

    const current = await this.repo.get();
    const passwordEncrypted = password === undefined ? (current?.password_encrypted ?? null)
      : password === null || password === '' ? null : this.secrets.encrypt(password as string);
    await this.repo.save({
      enabled: enabled as boolean, host: host as string, port: port as number,
      username: typeof username === 'string' && username !== '' ? username : null, password_encrypted: passwordEncrypted,
      security: security as string, from_email: fromEmail as string, from_name: fromName as string,
      last_tested_at: null, last_test_ok: null, updated_by: p.userId, updated_at: nowIso(),
    });
    return this.get();
  }

  async remove(): Promise<void> {
    await this.repo.delete();
  }

  /** Sends a test email synchronously (rest.md §7). */
  async test(p: Principal, body: Record<string, unknown>): Promise<{ detail: string }> {
    const to = body.to ?? p.email;
    if (typeof to !== 'string' || !isEmail(to)) throw validationError({ to: ['Enter a valid email address.'] });
    const settings = await this.transport();
    if (!settings) throw badRequest('SMTP is not configured');
    const stored = (await this.repo.get()) !== undefined;
    const record = async (ok: boolean) => {
      const at = nowIso();
      if (stored) await this.repo.recordTest(at, ok);
      else this.environmentTest = { at, ok };
    };
    try {
      await sendEmail(settings, {
        to,
        subject: 'Everyst test email',
        text: 'This is a test email from Everyst. If you can read it, email delivery is configured correctly.\n\n— Everyst',
      });
    } catch (e) {
      await record(false);
      throw badGateway(`SMTP error: ${e instanceof EmailError ? e.message : 'unknown error'}`);
    }
    await record(true);
    return { detail: `Test email sent to ${to}` };
  }
}
