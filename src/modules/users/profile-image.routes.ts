import type { FastifyRequest } from 'fastify';
import type { RouteDef } from '../../http/routes.js';
import { caller } from '../../http/routes.js';
import type { AppContext } from '../../context.js';
import { badRequest, forbidden } from '../../errors.js';
import { HttpError } from '../../http/error-status.js';
import type { Principal } from '../../auth/permissions.js';
import type { UserWithRole } from './users.repository.js';
import { assertMayWriteUser } from './users.policy.js';
import { profileImageUrl } from './users.presenter.js';

const idOf = (r: FastifyRequest) => (r.params as { id: string }).id;

function assertMayEditImage(p: Principal, target: UserWithRole): void {
  if (target.user.id === p.userId) return;
  if (!p.role.can_manage_users) throw forbidden();
  assertMayWriteUser(p, target.role);
}

export function profileImageRoutes(ctx: AppContext): RouteDef[] {
  const { users, profileImages } = ctx.services;
  return [
    {
      method: 'GET', path: 'users/:id/profile-image', permission: 'any', tags: ['users'], summary: 'Profile image bytes',
      handler: async (request, reply) => {
        const image = await profileImages.read(await users.visible(caller(request), idOf(request)));
        reply.header('Cache-Control', 'private, no-cache').header('ETag', image.etag);
        if (request.headers['if-none-match'] === image.etag) return reply.code(304).send();
        return reply.type(image.type).header('Content-Disposition', 'inline').send(image.bytes);
      },
    },
    {
      method: 'POST', path: 'users/:id/profile-image', permission: 'any', tags: ['users'], summary: 'Upload a PNG, JPEG or WebP image',
      bodyLimit: ctx.config.uploadMaxBytes + 64 * 1024, multipart: true,
      handler: async (request) => {
        const p = caller(request);
        const target = await users.visible(p, idOf(request));
        assertMayEditImage(p, target);
        if (!request.isMultipart()) throw new HttpError(415, 'unsupported_media_type', 'Unsupported media type in request.');
        let bytes: Buffer | null = null;
        for await (const part of request.parts({ limits: { fileSize: ctx.config.uploadMaxBytes, files: 5 } })) {
          if (part.type !== 'file') continue;
          const data = await part.toBuffer();
          if (!bytes || part.fieldname === 'image') bytes = data;
          if (part.fieldname === 'image') break;
        }
        if (!bytes || bytes.length === 0) throw badRequest('No image file provided');
        await profileImages.store(target, bytes);
        return { detail: 'Profile image updated successfully', url: profileImageUrl(target.user.id) };
      },
    },
    {
      method: 'DELETE', path: 'users/:id/profile-image', permission: 'any', tags: ['users'],
      handler: async (request, reply) => {
        const p = caller(request);
        const target = await users.visible(p, idOf(request));
        assertMayEditImage(p, target);
        await profileImages.remove(target);
        return reply.code(204).send();
      },
    },
  ];
}
