/**
 * The baselines of the HTTP benchmarks: a bare Fastify in its own process; prints `PORT <n>`.
 * `GET /hello` answers `{"hello":"world"}`. With a file argument (a `CapturedReply` as JSON, see replay.ts),
 * `GET /replay` answers the app's captured reply from memory: the same status and headers, and the same body, a
 * JSON body as the parsed value that Fastify serialises on each request with its default JSON.stringify (what a
 * route without a response schema costs), any other body as the captured text.
 */
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import type { CapturedReply } from './replay.js';

const [replyFile] = process.argv.slice(2);
const app = Fastify();
app.get('/hello', async () => ({ hello: 'world' }));
if (replyFile) {
  const captured = JSON.parse(readFileSync(replyFile, 'utf8')) as CapturedReply;
  const body: unknown = captured.json ? JSON.parse(captured.body) : captured.body;
  app.get('/replay', (_req, reply) => {
    void reply.code(captured.status).headers(captured.headers).send(body);
  });
}
await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`PORT ${(app.server.address() as { port: number }).port}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
process.stdin.on('end', () => process.exit(0)).resume();
