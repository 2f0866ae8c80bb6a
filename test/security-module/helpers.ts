import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { App } from '../../src/app.js';
import { createUser, registerOwner, type Session } from '../helpers/factories.js';
export { sleep, waitFor } from '../helpers/wait.js';
export { api, type Json } from '../helpers/api.js';
import { api, type Json } from '../helpers/api.js';


export interface Team { owner: Session; admin: Session; manager: Session; user: Session; viewer: Session }

/** One account per built-in role. */
export async function createTeam(app: App): Promise<Team> {
  const owner = await registerOwner(app);
  return {
    owner,
    admin: await createUser(app, owner, 'ada', 'admin'),
    manager: await createUser(app, owner, 'mona', 'manager'),
    user: await createUser(app, owner, 'uma', 'user'),
    viewer: await createUser(app, owner, 'vera', 'viewer'),
  };
}

/** The `security` notifications `who` sees in `GET notifications/`. */
export async function securityNotifications(app: App, who: Session): Promise<Json[]> {
  const res = await api(app, 'GET', '/api/notifications/?page_size=500', who);
  if (res.status !== 200) throw new Error(`GET notifications/ → ${res.status}`);
  return (res.body.results as Json[]).filter((n) => n.source === 'security');
}

export interface Probe {
  /** Command name of the probe process as /proc/<pid>/comm shows it. */
  name: string;
  port: number;
  child: ChildProcess;
  close(): Promise<void>;
}

const PROBE_SCRIPT = `
process.title = process.argv[1];
const server = require('node:net').createServer((s) => s.destroy());
server.listen(Number(process.argv[3]), process.argv[2], () => console.log(server.address().port));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

/**
 * A TCP listener in its own process with a recognisable name. `command` prefixes the node command line
 * (e.g. `ip netns exec <ns>`); nothing ever connects to it.
 */
export function startProbe(address: string, port = 0, command: string[] = []): Promise<Probe> {
  const name = `secprobe-${randomBytes(3).toString('hex')}`;
  const argv = [...command, process.execPath, '-e', PROBE_SCRIPT, name, address, String(port)];
  const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => {
      resolve({
        name, port: Number(line), child,
        async close() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
    child.once('exit', (code) => reject(new Error(`probe exited (${code}): ${stderr}`)));
  });
}
