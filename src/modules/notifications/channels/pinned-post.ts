import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';

export interface PinnedPost {
  url: URL;
  /** The address already checked by the outbound policy: the connection goes there, with no lookup of its own. */
  address: string;
  headers: Record<string, string>;
  body: string;
  deadline: number;
  /** Default POST. */
  method?: 'POST' | 'PUT';
}

export interface PinnedAnswer {
  status: number;
  /** The Retry-After header, when the receiver sent one. */
  retryAfter: string | undefined;
}

/** Why a POST failed, no finer: the caller must not learn whether a port was closed, open or not HTTP. */
export class PostFailure extends Error {
  constructor(readonly kind: 'timeout' | 'connection') {
    super(kind);
  }
}

/** One POST without redirects; resolves with the status code (the body is discarded). */
export async function pinnedPost(p: PinnedPost): Promise<number> {
  return (await pinnedRequest(p)).status;
}

/** One request without redirects; resolves with the status and Retry-After (the body is discarded). */
export function pinnedRequest(p: PinnedPost): Promise<PinnedAnswer> {
  const secure = p.url.protocol === 'https:';
  const hostname = p.url.hostname.replace(/^\[(.*)\]$/, '$1');
  const send = secure ? httpsRequest : httpRequest;
  return new Promise<PinnedAnswer>((resolve, reject) => {
    const timer = setTimeout(() => fail(new PostFailure('timeout')), Math.max(0, p.deadline - Date.now()));
    const req = send({
      host: p.address,
      port: p.url.port || (secure ? 443 : 80),
      path: `${p.url.pathname}${p.url.search}`,
      method: p.method ?? 'POST',
      agent: false,
      // TLS checks the certificate against the name in the URL, not the address we connect to.
      ...(secure && !isIP(hostname) && { servername: hostname }),
      headers: { ...p.headers, Host: p.url.host, 'Content-Length': String(Buffer.byteLength(p.body)) },
    }, (res: IncomingMessage) => {
      clearTimeout(timer);
      res.resume();
      res.on('error', () => undefined);
      const retryAfter = res.headers['retry-after'];
      resolve({ status: res.statusCode ?? 0, retryAfter: Array.isArray(retryAfter) ? retryAfter[0] : retryAfter });
      req.destroy();
    });
    function fail(error: PostFailure) {
      clearTimeout(timer);
      req.destroy();
      reject(error);
    }
    req.on('error', () => fail(new PostFailure('connection')));
    req.end(p.body);
  });
}
