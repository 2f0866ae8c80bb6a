import { afterAll, beforeAll, describe, expect } from 'vitest';
import { databaseKinds } from '../helpers/databases.js';
import { IMAGES, multipart } from '../auth/support/http.js';
import { contract, createWorld, expectStatus, type World } from './harness.js';
import { expectError, expectShape, oneOf, User } from './shapes.js';

describe.each(await databaseKinds())('profile image (rest.md §4.7) on %s', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld(kind, { UPLOAD_MAX_BYTES: '2048' }, ['viewer']);
  });
  afterAll(() => w?.close());

  contract('POST users/{id}/profile-image/', async () => {
    const id = w.users.viewer.id;
    const notMultipart = await w.call('POST users/{id}/profile-image/', { params: { id }, as: w.users.viewer, body: { image: 'x' } });
    expectStatus(notMultipart, 415);
    expectError(notMultipart.body, 'unsupported_media_type');
    const none = multipart([{ name: 'note', data: 'no file here' }]);
    const empty = await w.call('POST users/{id}/profile-image/', { params: { id }, as: w.users.viewer, body: none.payload, headers: none.headers });
    expectStatus(empty, 400);
    expectError(empty.body, 'invalid', 'No image file provided');
    const gif = multipart([{ name: 'image', filename: 'a.png', type: 'image/png', data: IMAGES.gif() }]);
    const wrongType = await w.call('POST users/{id}/profile-image/', { params: { id }, as: w.users.viewer, body: gif.payload, headers: gif.headers });
    expectStatus(wrongType, 400);
    expectError(wrongType.body, 'invalid', 'image: Unsupported image type. Use PNG, JPEG or WebP.', ['image']);
    const big = multipart([{ name: 'image', filename: 'big.png', type: 'image/png', data: IMAGES.png('x'.repeat(4096)) }]);
    const tooLarge = await w.call('POST users/{id}/profile-image/', { params: { id }, as: w.users.viewer, body: big.payload, headers: big.headers });
    expectStatus(tooLarge, 413);
    expectError(tooLarge.body, 'payload_too_large');
    const png = multipart([{ name: 'image', filename: 'me.bin', type: 'application/octet-stream', data: IMAGES.png() }]);
    const res = await w.call('POST users/{id}/profile-image/', { params: { id }, as: w.users.viewer, body: png.payload, headers: png.headers });
    expectStatus(res, 200);
    expectShape(res.body, { detail: oneOf('Profile image updated successfully'), url: oneOf(`/api/users/${id}/profile-image/`) });
    const me = await w.raw('GET', '/api/users/me/', { as: w.users.viewer });
    expect(me.body.profile_image).toBe(`/api/users/${id}/profile-image/`);
  });

  contract('GET users/{id}/profile-image/', async () => {
    const id = w.users.viewer.id;
    const res = await w.call('GET users/{id}/profile-image/', { params: { id }, query: { t: Date.now() }, as: w.owner });
    expectStatus(res, 200);
    expect(res.headers['content-type']).toBe('image/png');
    expect(res.headers['cache-control']).toBe('private, no-cache');
    expect(res.headers['content-disposition']).toBe('inline');
    expect(Number(res.headers['content-length'])).toBe(IMAGES.png().length);
    const etag = String(res.headers.etag);
    const cached = await w.call('GET users/{id}/profile-image/', { params: { id }, as: w.owner, headers: { 'if-none-match': etag } });
    expectStatus(cached, 304);
    const none = await w.call('GET users/{id}/profile-image/', { params: { id: w.owner.id }, as: w.owner });
    expectStatus(none, 404);
    expectError(none.body, 'not_found', 'No profile image');
  });

  contract('DELETE users/{id}/profile-image/', async () => {
    const id = w.users.viewer.id;
    const res = await w.call('DELETE users/{id}/profile-image/', { params: { id }, as: w.users.viewer });
    expectStatus(res, 204);
    expect(res.text).toBe('');
    const again = await w.call('DELETE users/{id}/profile-image/', { params: { id }, as: w.users.viewer });
    expectStatus(again, 404);
    expectError(again.body, 'not_found');
  });
});

describe.each(await databaseKinds())('ownership transfer (rest.md §4.5) on %s', (kind) => {
  let w: World;
  beforeAll(async () => {
    w = await createWorld(kind, {}, ['admin', 'user']);
  });
  afterAll(() => w?.close());

  contract('POST users/{id}/transfer-ownership/', async () => {
    const notOwner = await w.call('POST users/{id}/transfer-ownership/', { params: { id: w.users.user.id }, as: w.users.admin });
    expectStatus(notOwner, 403);
    expectError(notOwner.body, 'permission_denied', 'Only owners can assign the owner role');
    const self = await w.call('POST users/{id}/transfer-ownership/', { params: { id: w.owner.id }, as: w.owner });
    expectStatus(self, 400);
    expectError(self.body, 'invalid', 'You already own the system');
    const res = await w.call('POST users/{id}/transfer-ownership/', { params: { id: w.users.admin.id }, as: w.owner, body: { previous_owner_role: 'manager' } });
    expectStatus(res, 200);
    expectShape(res.body, { detail: oneOf('Ownership transferred'), owner: User, previous_owner: User });
    expect(res.body.owner).toMatchObject({ id: w.users.admin.id, role: 'owner', is_superuser: true });
    expect(res.body.previous_owner).toMatchObject({ id: w.owner.id, role: 'manager', is_staff: false });
  });
});
