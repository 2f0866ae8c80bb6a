import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { nowIso } from '../../db/values.js';
import { notFound, validationError } from '../../errors.js';
import type { UsersRepository, UserWithRole } from '../../auth/accounts/users.repository.js';

const TYPES = [
  { type: 'image/png', ext: 'png', test: (b: Buffer) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'image/jpeg', ext: 'jpg', test: (b: Buffer) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'image/webp', ext: 'webp', test: (b: Buffer) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
];

/** The image type from its magic bytes, never from a name or declared type. */
export const detectImageType = (bytes: Buffer) => TYPES.find((t) => t.test(bytes)) ?? null;

/** Profile images under `<data dir>/uploads/profile_images/` (models.md §7). */
export class ProfileImages {
  private readonly dir: string;
  constructor(private readonly dataDir: string, private readonly users: UsersRepository) {
    this.dir = join(dataDir, 'uploads', 'profile_images');
  }

  async read(target: UserWithRole): Promise<{ bytes: Buffer; type: string; etag: string }> {
    const { profile_image_path: path, profile_image_type: type, profile_image_updated_at: updated } = target.user;
    if (!path || !type) throw notFound('No profile image');
    try {
      const bytes = await readFile(resolve(this.dataDir, path));
      // The stored name is random per upload, so two uploads within one millisecond still get distinct ETags.
      return { bytes, type, etag: `"${basename(path).replace(/\.[a-z]+$/, '')}-${new Date(updated ?? 0).getTime()}"` };
    } catch {
      throw notFound('No profile image');
    }
  }

  async store(target: UserWithRole, bytes: Buffer): Promise<void> {
    const kind = detectImageType(bytes);
    if (!kind) throw validationError({ image: ['Unsupported image type. Use PNG, JPEG or WebP.'] });
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const name = `${target.user.id}-${randomBytes(8).toString('hex')}.${kind.ext}`;
    try {
      await writeFile(join(this.dir, name), bytes, { mode: 0o600 });
    } catch (error) {
      // A disk that filled up mid-write leaves part of the file: nothing of a failed upload stays behind.
      await rm(join(this.dir, name), { force: true });
      throw error;
    }
    const now = nowIso();
    await this.users.update(target.user.id, {
      profile_image_path: join('uploads', 'profile_images', name), profile_image_type: kind.type, profile_image_updated_at: now, updated_at: now,
    });
    await this.removeFile(target.user.profile_image_path);
  }

  async remove(target: UserWithRole): Promise<void> {
    if (!target.user.profile_image_path) throw notFound('No profile image');
    await this.users.update(target.user.id, { profile_image_path: null, profile_image_type: null, profile_image_updated_at: null, updated_at: nowIso() });
    await this.removeFile(target.user.profile_image_path);
  }

  async removeFile(path: string | null): Promise<void> {
    if (path) await rm(resolve(this.dataDir, path), { force: true });
  }
}
