import type { FastifyRequest } from 'fastify';
import type { RouteDef } from '../../http/routes.js';
import { caller } from '../../http/routes.js';
import { badRequest } from '../../errors.js';
import { HttpError } from '../../http/error-status.js';
import { profileImageUrl } from './users.presenter.js';
import type { UsersService } from './users.service.js';
import { deleteProfileImageSchema, getProfileImageSchema, uploadProfileImageSchema } from './users.schemas.js';

const idOf = (r: FastifyRequest) => (r.params as { id: string }).id;

/** rest.md §4.7. The multipart stream is read here, at the edge; the service stores plain bytes. */
export function profileImageRoutes(users: UsersService, uploadMaxBytes: number): RouteDef[] {
  return [
    {
      method: 'GET', path: 'users/:id/profile-image', permission: 'any', tags: ['users'], summary: 'Profile image bytes',
      schema: getProfileImageSchema,
      handler: async (request, reply) => {
        const image = await users.images.read(await users.visible(caller(request), idOf(request)));
        reply.header('Cache-Control', 'private, no-cache').header('ETag', image.etag);
        if (request.headers['if-none-match'] === image.etag) return reply.code(304).send();
        return reply.type(image.type).header('Content-Disposition', 'inline').send(image.bytes);
      },
    },
    {
      method: 'POST', path: 'users/:id/profile-image', permission: 'any', tags: ['users'], summary: 'Upload a PNG, JPEG or WebP image',
      bodyLimit: uploadMaxBytes + 64 * 1024, multipart: true,
      schema: uploadProfileImageSchema,
      handler: async (request) => {
        const target = await users.imageTarget(caller(request), idOf(request));
        if (!request.isMultipart()) throw new HttpError(415, 'unsupported_media_type', 'Unsupported media type in request.');
        let bytes: Buffer | null = null;
        for await (const part of request.parts({ limits: { fileSize: uploadMaxBytes, files: 5 } })) {
          if (part.type !== 'file') continue;
          const data = await part.toBuffer();
          if (!bytes || part.fieldname === 'image') bytes = data;
          if (part.fieldname === 'image') break;
        }
        if (!bytes || bytes.length === 0) throw badRequest('No image file provided');
        await users.images.store(target, bytes);
        return { detail: 'Profile image updated successfully', url: profileImageUrl(target.user.id) };
      },
    },
    {
      method: 'DELETE', path: 'users/:id/profile-image', permission: 'any', tags: ['users'], summary: 'Remove the profile image',
      schema: deleteProfileImageSchema,
      handler: async (request, reply) => {
        await users.images.remove(await users.imageTarget(caller(request), idOf(request)));
        return reply.code(204).send();
      },
    },
  ];
}
