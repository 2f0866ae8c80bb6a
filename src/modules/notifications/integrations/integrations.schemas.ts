/**
 * Route schemas of SMTP settings and webhooks (rest.md §7). Secrets are write-only: no response lists them, but
 * for the `secret` of the creation answer. Bodies are described, not constrained: the services validate them
 * with the contract's texts.
 */
import { object, timestamp } from '../../../http/schema-kit.js';
import { pageQuery, pageSchema, timestampOrNull } from '../../../http/schema-components.js';

const field = (description: string) => ({ description }) as const;
const openBody = <P extends Record<string, unknown>>(properties: P, examples: unknown[] = []) =>
  ({ type: 'object', properties, additionalProperties: true, ...(examples.length ? { examples } : {}) }) as const;
const idParams = object({ id: { type: 'string', description: 'UUID (another form answers 404)' } });
const detail = object({ detail: { type: 'string' } });
const deleted = { 204: { type: 'null', description: 'Deleted' } } as const;

const smtpSettings = object({
  enabled: { type: 'boolean' },
  host: { type: ['string', 'null'] },
  port: { type: 'integer', minimum: 1, maximum: 65535 },
  username: { type: ['string', 'null'] },
  password_set: { type: 'boolean', description: 'The password itself is never returned' },
  security: { type: 'string', enum: ['starttls', 'tls', 'none'] },
  from_email: { type: ['string', 'null'] },
  from_name: { type: 'string' },
  source: { type: 'string', enum: ['database', 'environment', 'none'] },
  last_tested_at: timestampOrNull,
  last_test_ok: { type: ['boolean', 'null'] },
});

const webhookProperties = {
  id: { type: 'string', format: 'uuid' },
  name: { type: 'string', maxLength: 100 },
  url: { type: 'string', maxLength: 2048 },
  enabled: { type: 'boolean' },
  min_type: { type: 'string', enum: ['info', 'success', 'warning', 'error'] },
  sources: { type: ['array', 'null'], items: { type: 'string' } },
  secret_set: { type: 'boolean', description: 'False only when the stored secret can no longer be decrypted' },
  created_at: timestamp,
  updated_at: timestamp,
  last_delivery_at: timestampOrNull,
  last_status: { type: ['string', 'null'], enum: ['delivered', 'failed', null] },
} as const;
const webhook = object(webhookProperties);
const webhookBody = openBody({
  name: field('Required, at most 100 characters'),
  url: field('Required: http or https, at most 2048 characters'),
  secret: field('Write-only, at least 16 characters; generated when absent'),
  enabled: field('boolean, default true'),
  min_type: field('info (default), success, warning or error'),
  sources: field('Source names, or null for all'),
}, [{ name: 'Ops chat', url: 'https://hooks.example.net/everyst', min_type: 'warning', sources: null }]);

export const getSmtpSchema = { response: { 200: smtpSettings } } as const;
export const putSmtpSchema = {
  body: openBody({
    host: field('Required host name or IP address'),
    port: field('1–65535, default 587'),
    username: field('string or null'),
    password: field('Write-only; omitted keeps the stored one, "" clears it'),
    security: field('starttls, tls or none (default tls on port 465, else starttls)'),
    from_email: field('Required email address'),
    from_name: field('Default "Everyst"'),
    enabled: field('boolean, default true'),
  }, [{ host: 'smtp.example.net', port: 587, username: 'everyst', password: 'app-password', from_email: 'everyst@example.net' }]),
  response: { 200: smtpSettings },
} as const;
export const deleteSmtpSchema = { response: deleted } as const;
export const testSmtpSchema = {
  body: openBody({ to: field("Email address; default the caller's") }, [{ to: 'admin@example.net' }]),
  response: { 200: detail },
} as const;

export const listWebhooksSchema = {
  querystring: pageQuery(),
  response: { 200: pageSchema(webhook) },
} as const;
export const createWebhookSchema = {
  body: webhookBody,
  response: { 201: object({ ...webhookProperties, secret: { type: 'string', description: 'Shown only in this response' } }) },
} as const;
export const getWebhookSchema = { params: idParams, response: { 200: webhook } } as const;
export const updateWebhookSchema = { params: idParams, body: webhookBody, response: { 200: webhook } } as const;
export const deleteWebhookSchema = { params: idParams, response: deleted } as const;
export const testWebhookSchema = {
  params: idParams,
  body: openBody({}),
  response: { 200: object({ detail: { type: 'string' }, status_code: { type: 'integer' } }) },
} as const;
