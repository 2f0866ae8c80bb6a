/** The baseline of the HTTP benchmarks: a bare Fastify hello-world in its own process; prints `PORT <n>`. */
import Fastify from 'fastify';

const app = Fastify();
app.get('/hello', async () => ({ hello: 'world' }));
await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`PORT ${(app.server.address() as { port: number }).port}\n`);
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
process.stdin.on('end', () => process.exit(0)).resume();
