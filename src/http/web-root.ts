import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { FastifyReply, FastifyRequest } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif',
  '.webp': 'image/webp', '.ico': 'image/x-icon', '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8', '.webmanifest': 'application/manifest+json', '.wasm': 'application/wasm',
};

/** Paths that always belong to the server, never to the web client. */
const RESERVED = /^\/(api|socket\.io|metrics)(\/|$|\?)/;

function cacheControl(relative: string): string {
  if (relative === 'index.html') return 'no-cache';
  if (relative.startsWith(`assets${sep}`) || relative.startsWith('assets/')) return 'public, max-age=31536000, immutable';
  return 'public, max-age=3600';
}

/**
 * Serves a built single-page client (config.md §6): files with their content type and cache headers,
 * `index.html` for client-side routes that accept HTML, plain 404 for other misses. No dotfiles, no
 * directory listings, nothing outside the root.
 */
export function webRootHandler(root: string) {
  const sendFile = async (reply: FastifyReply, relative: string, size: number, head: boolean) => {
    reply.type(TYPES[extname(relative).toLowerCase()] ?? 'application/octet-stream')
      .header('Cache-Control', cacheControl(relative)).header('Content-Length', size).header('X-Content-Type-Options', 'nosniff');
    return head ? reply.send() : reply.send(createReadStream(join(root, relative)));
  };
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const head = request.method === 'HEAD';
    let path: string;
    try {
      path = decodeURIComponent(request.url.split('?')[0]);
    } catch {
      path = '/%'; // malformed escapes: a miss, never an error
    }
    if (!RESERVED.test(path)) {
      const relative = normalize(path).replace(/^[/\\]+/, '');
      const safe = relative && !relative.startsWith('..') && !relative.split(/[/\\]/).some((part) => part.startsWith('.'));
      if (safe) {
        const info = await stat(join(root, relative)).catch(() => null);
        if (info?.isFile()) return sendFile(reply, relative, info.size, head);
      }
      const accept = String(request.headers.accept ?? '');
      // `*/*` counts as accepting HTML only for extension-less paths, so a missing asset stays a 404.
      if (accept.includes('text/html') || (accept.includes('*/*') && !extname(path))) {
        const index = await stat(join(root, 'index.html')).catch(() => null);
        if (index?.isFile()) return sendFile(reply, 'index.html', index.size, head);
      }
    }
    return reply.code(404).type('text/plain; charset=utf-8').send('Not found');
  };
}
