import { hkdfSync } from 'node:crypto';

/** Keys derived from SECRET_KEY with HKDF-SHA256 (models.md §7). */
export function deriveKey(secretKey: string, info: 'everyst jwt v1' | 'everyst secrets v1'): Buffer {
  return Buffer.from(hkdfSync('sha256', Buffer.from(secretKey, 'utf8'), Buffer.alloc(0), Buffer.from(info, 'utf8'), 32));
}
