import { describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/crypto/secrets.js';
import { deriveKey } from '../../src/auth/keys.js';
import { rmSync } from 'node:fs';
import pino from 'pino';
import { buildApp } from '../../src/app.js';
import { testConfig } from '../helpers/app.js';
import { OWNER_PASSWORD, login, registerOwner } from '../helpers/factories.js';
import { api } from './helpers.js';

const box = new SecretBox(deriveKey('first-secret-key-0123456789abcdef0123456789', 'everyst secrets v1'));

describe('SecretBox (models.md §7)', () => {
  it('round-trips in the v1:iv:tag:ciphertext form with a fresh IV each time', () => {
    const a = box.encrypt('hunter2 ✓');
    const b = box.encrypt('hunter2 ✓');
    expect(a).toMatch(/^v1:[A-Za-z0-9+/=]{16}:[A-Za-z0-9+/=]{24}:[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(box.decrypt(a)).toBe('hunter2 ✓');
    expect(box.decrypt(box.encrypt(''))).toBe('');
  });

  it('returns null for another SECRET_KEY, tampering or malformed values', () => {
    const sealed = box.encrypt('secret');
    const other = new SecretBox(deriveKey('second-secret-key-0123456789abcdef012345678', 'everyst secrets v1'));
    expect(other.decrypt(sealed)).toBeNull();
    const jwtKeyBox = new SecretBox(deriveKey('first-secret-key-0123456789abcdef0123456789', 'everyst jwt v1'));
    expect(jwtKeyBox.decrypt(sealed)).toBeNull();
    const [v, iv, tag, ct] = sealed.split(':');
    const flipped = Buffer.from(ct, 'base64');
    flipped[0] ^= 1;
    expect(box.decrypt([v, iv, tag, flipped.toString('base64')].join(':'))).toBeNull();
    expect(box.decrypt(`v2:${iv}:${tag}:${ct}`)).toBeNull();
    expect(box.decrypt('not sealed')).toBeNull();
    expect(box.decrypt(null)).toBeNull();
  });
});

describe('stored secrets after SECRET_KEY changes', () => {
  it('reports password_set and secret_set false instead of failing', async () => {
    const { config, dataDir } = testConfig();
    const first = await buildApp(config, { logger: pino({ level: 'silent' }) });
    try {
      const owner = await registerOwner(first);
      await api(first, 'PUT', '/api/integrations/smtp/', owner, { host: 'mail.example.com', username: 'u', password: 'p4ss', from_email: 'e@example.com' });
      await api(first, 'POST', '/api/integrations/webhooks/', owner, { name: 'w', url: 'http://127.0.0.1:9/' });
    } finally {
      await first.close();
    }
    const second = await buildApp({ ...config, secretKey: 'another-secret-key-0123456789abcdef0123456789' }, { logger: pino({ level: 'silent' }) });
    try {
      const owner = await login(second, 'owner', OWNER_PASSWORD);
      expect((await api(second, 'GET', '/api/integrations/smtp/', owner)).body).toMatchObject({ password_set: false, username: 'u', source: 'database' });
      expect((await api(second, 'GET', '/api/integrations/webhooks/', owner)).body.results[0]).toMatchObject({ name: 'w', secret_set: false });
    } finally {
      await second.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
