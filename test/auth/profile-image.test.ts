import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import type { Session } from '../helpers/factories.js';
import { IMAGES, multipart, type UserView } from './support/http.js';
import { createWorld, type World } from './support/world.js';

const UPLOAD_MAX_BYTES = 4096;

describe.each(await databaseKinds())('profile images (rest.md §4.7) on %s', (kind) => {
  let w: World;
  let pia: Session;
  const url = (s: { id: number }) => `/api/users/${s.id}/profile-image/`;
  const upload = (s: Session, target: { id: number }, data: Buffer, name = 'image', meta = { filename: 'photo.gif', type: 'image/gif' }) =>
    w.call(`POST`, url(target), { token: s.access, ...multipart([{ name, ...meta, data }]) });
  const get = (s: Session, target: { id: number }, headers: Record<string, string> = {}) =>
    w.call('GET', url(target), { token: s.access, headers });
  const files = () => {
    const dir = join(w.t.dataDir, 'uploads', 'profile_images');
    return existsSync(dir) ? readdirSync(dir) : [];
  };

  beforeAll(async () => {
    w = await createWorld(kind, { UPLOAD_MAX_BYTES: String(UPLOAD_MAX_BYTES) });
    pia = await w.user('pia');
  });
  afterAll(async () => w?.close());

  it.each([['png', IMAGES.png()], ['jpeg', IMAGES.jpeg()], ['webp', IMAGES.webp()]] as const)(
    'stores a %s detected from its bytes, whatever its name and declared type, and serves it back', async (type, bytes) => {
      const res = await upload(pia, pia, bytes);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ detail: 'Profile image updated successfully', url: `/api/users/${pia.id}/profile-image/` });
      const image = await w.app.http.inject({ method: 'GET', url: `${url(pia)}?t=${Date.now()}`, headers: { authorization: `Bearer ${pia.access}` } });
      expect(image.statusCode).toBe(200);
      expect(image.headers['content-type']).toBe(`image/${type}`);
      expect(image.headers['content-length']).toBe(String(bytes.length));
      expect(image.headers['cache-control']).toBe('private, no-cache');
      expect(image.headers['content-disposition']).toBe('inline');
      expect(image.headers.etag).toMatch(/^".+"$/);
      expect(image.rawPayload.equals(bytes)).toBe(true);
      const me = await w.call<UserView>('GET', '/api/users/me/', { token: pia.access });
      expect(me.body.profile_image).toBe(`/api/users/${pia.id}/profile-image/`);
    });

  it('replaces the previous image and its file, and answers 304 to a matching If-None-Match', async () => {
    await upload(pia, pia, IMAGES.png('first'));
    const first = await get(pia, pia);
    expect(files()).toHaveLength(1);
    await upload(pia, pia, IMAGES.jpeg('second'));
    expect(files()).toHaveLength(1);
    const second = await get(pia, pia);
    expect(second.headers.etag).not.toBe(first.headers.etag);
    expect(second.headers['content-type']).toBe('image/jpeg');
    const cached = await get(pia, pia, { 'if-none-match': String(second.headers.etag) });
    expect(cached.status).toBe(304);
    expect(cached.text).toBe('');
    expect((await get(pia, pia, { 'if-none-match': String(first.headers.etag) })).status).toBe(200);
  });

  it('takes the first file part when none is named `image`', async () => {
    const res = await upload(pia, pia, IMAGES.webp('other-name'), 'avatar');
    expect(res.status).toBe(200);
    expect((await get(pia, pia)).headers['content-type']).toBe('image/webp');
  });

  it('refuses other content: wrong type 400, no file 400, too large 413, not multipart 415', async () => {
    const wrong = await upload(pia, pia, IMAGES.gif(), 'image', { filename: 'x.png', type: 'image/png' });
    expect(wrong.status).toBe(400);
    const text = 'Unsupported image type. Use PNG, JPEG or WebP.';
    expect(wrong.body).toEqual({ image: [text], detail: `image: ${text}`, code: 'invalid' });
    const noFile = await w.call('POST', url(pia), { token: pia.access, ...multipart([{ name: 'note', data: 'just text' }]) });
    expect(noFile.body).toEqual({ detail: 'No image file provided', code: 'invalid' });
    const big = Buffer.concat([IMAGES.png(), Buffer.alloc(UPLOAD_MAX_BYTES)]);
    const large = await upload(pia, pia, big);
    expect(large.status).toBe(413);
    expect(large.body).toMatchObject({ code: 'payload_too_large' });
    const json = await w.call('POST', url(pia), { token: pia.access, payload: { image: 'aGVsbG8=' } });
    expect(json.status).toBe(415);
    expect(json.body).toMatchObject({ code: 'unsupported_media_type' });
    const raw = await w.call('POST', url(pia), { token: pia.access, payload: IMAGES.png(), headers: { 'content-type': 'image/png' } });
    expect(raw.status).toBe(415);
    expect((await get(pia, pia)).headers['content-type']).toBe('image/webp');
  });

  it('deletes the image and its file; then GET and DELETE answer 404', async () => {
    expect(files()).toHaveLength(1);
    expect((await w.call('DELETE', url(pia), { token: pia.access })).status).toBe(204);
    expect(files()).toHaveLength(0);
    expect((await get(pia, pia)).body).toEqual({ detail: 'No profile image', code: 'not_found' });
    expect((await w.call('DELETE', url(pia), { token: pia.access })).body).toEqual({ detail: 'No profile image', code: 'not_found' });
    expect((await w.call<UserView>('GET', '/api/users/me/', { token: pia.access })).body.profile_image).toBeNull();
  });

  it('applies visibility and rank: others need can_manage_users, the owner only by the owner', async () => {
    const admin = await w.user('adam', 'admin');
    const viewer = await w.user('vik', 'viewer');
    expect((await upload(admin, viewer, IMAGES.png())).status).toBe(200);
    expect((await get(admin, viewer)).status).toBe(200);
    expect((await get(pia, viewer)).status).toBe(404);
    expect((await upload(pia, viewer, IMAGES.png())).status).toBe(404);
    expect((await upload(admin, w.owner, IMAGES.png())).body).toEqual({ detail: 'You cannot modify a user ranked above you', code: 'permission_denied' });
    expect((await w.call('DELETE', url(w.owner), { token: admin.access })).status).toBe(403);
    expect((await upload(w.owner, admin, IMAGES.png())).status).toBe(200);
    expect((await w.call('GET', '/api/users/abc/profile_image/', { token: admin.access })).status).toBe(404);
  });

  it("removes a deleted user's image file", async () => {
    const gone = await w.user('gone');
    await upload(gone, gone, IMAGES.png('gone'));
    const before = files().length;
    expect((await w.call('DELETE', `/api/users/${gone.id}/`, { token: w.owner.access })).status).toBe(204);
    expect(files()).toHaveLength(before - 1);
  });
});
