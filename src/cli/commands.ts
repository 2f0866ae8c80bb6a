import { parseArgs } from 'node:util';
import { readPassword } from './prompt.js';

// The server (main.js and what it builds) and the account tools are loaded by the commands that use them only:
// `everyst agent` runs on hosts that need none of the database, HTTP or scanner code.
const server = () => import('../main.js');
const userAdmin = async () => (await import('./user-admin.js')).buildUserAdmin();

const USAGE = `Usage: everyst [command]

Commands:
  serve                                   start the server (default)
  worker [--drain-seconds N]              run network scans queued by the servers (SCAN_USE_WORKERS; needs
                                          REDIS_HOST); on SIGTERM running scans get N s (default 20) to finish,
                                          then move to another worker
  agent --server URL [--token-file F] [--name N] [--ca-file F]
                                          send this host's metrics to an Everyst server (docs/agents.md); the
                                          token is read from F, or from stdin when F is - or not given, never
                                          from the command line; --ca-file: the CA of an https:// server
  agent --once                            print one sample of this host as JSON and exit
  migrate                                 apply database migrations and exit
  doctor                                  check the runtime, configuration, data folder, database and OS tools
  users create --username U --role R [--email E] [--first-name F] [--last-name L]
                                          create a user; the password is read from a prompt or stdin
  users list [--json]                     list the users: username, role, active, locked, last login
  users set-role U ROLE                   give user U the role ROLE; "owner" hands ownership to U (the former
                                          owner becomes an admin); the owner's own role cannot be taken away
  users set-password U                    set a user's password (prompt or stdin)
  users unlock U                          lift the login lockout of a user's account, from every address
  backup [--out FILE]                     a consistent copy of the database while the server runs (SQLite:
                                          online backup, default data/backups/everyst-<time>.sqlite3;
                                          PostgreSQL: pg_dump custom format when installed)
  restore FILE                            replace the SQLite database with a backup (servers stopped); the
                                          old database is kept as <database>.before-restore
  help                                    show this text (also --help, and <command> --help)
  --version                               print the version
`;

/** The lines of USAGE about one command (`users` covers its subcommands). */
function usageOf(command: string): string {
  const lines = USAGE.split('\n');
  const picked: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith(`  ${command} `) && lines[i] !== `  ${command}`) continue;
    picked.push(lines[i]);
    while (lines[i + 1]?.startsWith('      ')) picked.push(lines[++i]);
  }
  return picked.length ? `Usage: everyst ${command} …\n\n${picked.join('\n')}\n` : USAGE;
}

export async function runCli(argv: string[]): Promise<number | undefined> {
  const [command = 'serve', ...rest] = argv;
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(usageOf(command));
    return 0;
  }
  switch (command) {
    case '--version':
    case '-v':
    case 'version': {
      const { VERSION } = await import('../version.js');
      process.stdout.write(`everyst ${VERSION} (Node.js ${process.version})\n`);
      return 0;
    }
    case 'serve':
      await (await server()).serve();
      return undefined;
    case 'worker':
      return workerCommand(rest);
    case 'agent':
      return agentCommand(rest);
    case 'migrate': {
      const { loadConfigOrExit, openDatabaseWithRetry } = await server();
      const config = loadConfigOrExit();
      const database = await openDatabaseWithRetry(config);
      const applied = await database.migrate();
      await database.close();
      process.stdout.write(applied.length ? `Applied migrations: ${applied.join(', ')}\n` : 'Database is up to date.\n');
      return 0;
    }
    case 'users':
      return usersCommand(rest);
    case 'backup':
      return backupOrRestore('backup', rest);
    case 'restore':
      return backupOrRestore('restore', rest);
    case 'doctor': {
      const { runDoctor } = await import('./doctor.js');
      return runDoctor((line) => process.stdout.write(line + '\n'));
    }
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return 0;
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

async function workerCommand(argv: string[]): Promise<number | undefined> {
  const { values } = parseArgs({ args: argv, options: { 'drain-seconds': { type: 'string' } }, strict: true });
  const text = values['drain-seconds'];
  const drainSeconds = text === undefined ? undefined : Number(text);
  if (drainSeconds !== undefined && !(/^\d+$/.test(text!) && drainSeconds <= 3600)) {
    process.stderr.write('worker --drain-seconds needs a whole number of seconds from 0 to 3600.\n');
    return 2;
  }
  // Loaded on demand: the other commands never load BullMQ.
  const { runWorker } = await import('../worker/run-worker.js');
  return runWorker({ drainMs: drainSeconds === undefined ? undefined : drainSeconds * 1000 });
}

async function agentCommand(argv: string[]): Promise<number | undefined> {
  const { values } = parseArgs({
    args: argv,
    options: {
      server: { type: 'string' }, 'token-file': { type: 'string' }, name: { type: 'string' }, 'ca-file': { type: 'string' },
      once: { type: 'boolean' }, token: { type: 'string' },
    },
    strict: true,
  });
  if (values.token !== undefined) {
    process.stderr.write('agent takes no --token: command lines are visible to every user of the host. Use --token-file F (or stdin).\n');
    return 2;
  }
  if (values.once) {
    const { MetricsCollector } = await import('../system/metrics/collector.js');
    const collector = new MetricsCollector();
    process.stdout.write(`${JSON.stringify(await collector.sample(), null, 2)}\n`);
    await collector.close();
    return 0;
  }
  if (!values.server || !/^https?:\/\/[^/\s]+\/?$/.test(values.server)) {
    process.stderr.write('agent needs --server with the server\'s address, such as https://everyst.example.com:8000\n');
    return 2;
  }
  const { loadAgentConfig } = await import('../config/agent-config.js');
  const { ConfigError } = await import('../config/config.js');
  let config;
  try {
    config = loadAgentConfig(process.env, values['ca-file']);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`${e.message}\n`);
    return 2;
  }
  const { runAgent, tokenReader } = await import('../agent/run-agent.js');
  const token = tokenReader(values['token-file']);
  try {
    if (!token()) throw new Error('empty');
  } catch {
    process.stderr.write(`agent: no token in ${values['token-file'] && values['token-file'] !== '-' ? values['token-file'] : 'stdin'}\n`);
    return 2;
  }
  const agent = await runAgent({ server: values.server, token, name: values.name, config });
  await new Promise<void>((resolve) => {
    const stop = () => void agent.stop().then(resolve);
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  return 0;
}

async function usersCommand(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'create') {
    const { values } = parseArgs({
      args: rest,
      options: {
        username: { type: 'string' }, role: { type: 'string' }, email: { type: 'string' },
        'first-name': { type: 'string' }, 'last-name': { type: 'string' },
      },
      strict: true,
    });
    if (!values.username || !values.role) {
      process.stderr.write('users create needs --username and --role (the password is read from a prompt or stdin).\n');
      return 2;
    }
    const password = await readPassword(`Password for ${values.username}: `);
    const admin = await userAdmin();
    try {
      const user = await admin.create({
        username: values.username, role: values.role, email: values.email ?? `${values.username}@localhost.localdomain`,
        first_name: values['first-name'] ?? '', last_name: values['last-name'] ?? '', password,
      });
      process.stdout.write(`Created user ${user.username} (id ${user.id}, role ${user.role}).\n`);
      return 0;
    } finally {
      await admin.close();
    }
  }
  if (sub === 'set-password') {
    const username = rest[0];
    if (!username || rest.length !== 1) {
      process.stderr.write('users set-password needs exactly one username.\n');
      return 2;
    }
    const password = await readPassword(`New password for ${username}: `);
    const admin = await userAdmin();
    try {
      await admin.setPassword(username, password);
      process.stdout.write(`Password of ${username} changed; their sessions were signed out.\n`);
      return 0;
    } finally {
      await admin.close();
    }
  }
  if (sub === 'unlock') {
    const username = rest[0];
    if (!username || rest.length !== 1) {
      process.stderr.write('users unlock needs exactly one username.\n');
      return 2;
    }
    const admin = await userAdmin();
    try {
      const { user } = await admin.unlock(username);
      process.stdout.write(`Unlocked ${user.username}: earlier failed logins no longer count.\n`);
      return 0;
    } finally {
      await admin.close();
    }
  }
  if (sub === 'list') {
    const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' } }, strict: true });
    const admin = await userAdmin();
    try {
      const users = await admin.list();
      process.stdout.write(values.json ? JSON.stringify(users.map(listedUser)) + '\n' : userTable(users.map(listedUser)));
      return 0;
    } finally {
      await admin.close();
    }
  }
  if (sub === 'set-role') {
    const [username, role] = rest;
    if (!username || !role || rest.length !== 2) {
      process.stderr.write('users set-role needs a username and a role: everyst users set-role U ROLE.\n');
      return 2;
    }
    const admin = await userAdmin();
    try {
      const user = await admin.setRole(username, role);
      process.stdout.write(`${user.username} now has the role ${user.role}.\n`);
      return 0;
    } finally {
      await admin.close();
    }
  }
  process.stderr.write(`Unknown users command "${sub ?? ''}". Use users list, create, set-role, set-password or unlock (everyst users --help).\n`);
  return 2;
}

interface ListedUser { username: string; role: string; active: boolean; locked_until: string | null; last_login: string | null }

const listedUser = (u: { username: string; role: string; is_active: boolean; locked_until: string | null; last_login: string | null }): ListedUser => ({
  username: u.username, role: u.role, active: u.is_active, locked_until: u.locked_until, last_login: u.last_login,
});

/** Users as an aligned text table. */
export function userTable(users: ListedUser[]): string {
  if (users.length === 0) return 'No users yet: open the dashboard to create the owner, or run everyst users create.\n';
  const rows = [
    ['USERNAME', 'ROLE', 'ACTIVE', 'LOCKED', 'LAST LOGIN'],
    ...users.map((u) => [u.username, u.role, u.active ? 'yes' : 'no', u.locked_until ? `until ${u.locked_until}` : 'no', u.last_login ?? 'never']),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')).join('\n') + '\n';
}

async function backupOrRestore(command: 'backup' | 'restore', argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { out: { type: 'string' } }, allowPositionals: true, strict: true });
  const print = (line: string) => process.stdout.write(line + '\n');
  const fail = (line: string) => process.stderr.write(line + '\n');
  const { backupCommand, restoreCommand } = await import('./backup.js');
  const { loadConfigOrExit } = await server();
  if (command === 'backup') {
    if (positionals.length > 0) {
      fail('backup takes no file name; use backup --out FILE.');
      return 2;
    }
    return backupCommand(loadConfigOrExit(), values.out, print, fail);
  }
  if (positionals.length !== 1 || values.out !== undefined) {
    fail('restore needs exactly one backup file: everyst restore FILE.');
    return 2;
  }
  return restoreCommand(loadConfigOrExit(), positionals[0], print, fail);
}
