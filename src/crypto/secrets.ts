import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { deriveKey } from '../auth/keys.js';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Secrets stored in the database (SMTP password, webhook secrets), models.md §7: AES-256-GCM with the key
 * derived from SECRET_KEY (info "everyst secrets v1"), stored as `v1:<base64 iv>:<base64 tag>:<base64 ciphertext>`.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('SecretBox needs a 32-byte key');
  }

  encrypt(plain: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ciphertext.toString('base64')].join(':');
  }

  /** The plain text, or null when the value is malformed or was sealed with another key (SECRET_KEY changed). */
  decrypt(sealed: string | null | undefined): string | null {
    if (!sealed) return null;
    const parts = sealed.split(':');
    if (parts.length !== 4 || parts[0] !== VERSION) return null;
    const [, iv, tag, ciphertext] = parts.map((p) => Buffer.from(p, 'base64'));
    if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) return null;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
    } catch {
      return null;
    }
  }
}

/** The box of every stored secret: its key derived from SECRET_KEY (models.md §7). */
export const secretBoxFor = (secretKey: string) => new SecretBox(deriveKey(secretKey, 'everyst secrets v1'));
