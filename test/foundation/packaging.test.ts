/**
 * The packages (Dockerfile, docker-compose.yml, deploy/systemd/everyst.service and everyst-agent.service) cannot be
 * built or started on this
 * machine (no Docker, no systemd as PID 1). What can be checked here is checked: every path, script, command and
 * environment variable they name exists in the repository, and the Dockerfile's npm steps, replayed in a clean
 * folder by a non-root user, produce a runtime folder (only what the runtime stage copies) whose CMD starts a
 * server that the HEALTHCHECK command finds healthy.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { freePort } from '../helpers/ports.js';
import { sleep } from '../helpers/wait.js';
import { parseDockerfile, type DockerStage } from './packaging-files.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const TRACKED = new Set(execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean));
const isTracked = (path: string) => {
  const clean = path.replace(/^\.\//, '').replace(/\/$/, '');
  return TRACKED.has(clean) || [...TRACKED].some((f) => f.startsWith(`${clean}/`));
};

/** Every variable the configuration reads (src/config: `r.get('NAME'`, `r.raw('NAME')`, `r.problem('NAME'`). */
const CONFIG_VARIABLES = new Set(readdirSync(join(ROOT, 'src/config')).flatMap((file) =>
  [...read(`src/config/${file}`).matchAll(/\b(?:get|raw|problem)\('([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1])));
/** Variables of the runtime itself, read by glibc or Node.js rather than by Everyst's configuration. */
const RUNTIME_VARIABLES = new Set(['MALLOC_ARENA_MAX', 'NODE_OPTIONS']);
const unknownVariables = (names: Iterable<string>) => [...names].filter((n) => !CONFIG_VARIABLES.has(n) && !RUNTIME_VARIABLES.has(n));

const PACKAGE_SCRIPTS = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);
const CLI_COMMANDS = [...read('src/cli/commands.ts').matchAll(/case '([a-z-]+)':/g)].map((m) => m[1]);

const dockerfile = parseDockerfile(read('Dockerfile'));
const stage = (name: string): DockerStage => {
  const found = dockerfile.find((s) => s.name === name);
  if (!found) throw new Error(`Dockerfile has no stage ${name}`);
  return found;
};

describe('Dockerfile', () => {
  it('has a build stage and a runtime stage on a Debian slim Node.js 24 base', () => {
    expect(dockerfile.map((s) => s.name)).toEqual(['build', 'runtime']);
    for (const s of dockerfile) expect(s.from).toBe('node:24-bookworm-slim');
  });

  it('copies from the build context only tracked files, and from the build stage only tracked or built paths', () => {
    const build = stage('build');
    for (const copy of build.copies) {
      expect(copy.from, copy.sources.join(' ')).toBeNull();
      for (const source of copy.sources) expect(isTracked(source), `COPY ${source}`).toBe(true);
    }
    const built = ['dist', 'web/dist', 'node_modules'];
    for (const copy of stage('runtime').copies) {
      expect(copy.from).toBe('build');
      for (const source of copy.sources) {
        const relative = source.replace(/^\/app\//, '');
        expect(isTracked(relative) || built.includes(relative), `COPY --from=build ${source}`).toBe(true);
      }
    }
  });

  it('runs only npm steps that package.json has, and a CMD and HEALTHCHECK that name files of the image', () => {
    const runs = stage('build').runs;
    expect(runs.map((r) => r.slice(0, 2))).toEqual([['npm', 'ci'], ['npm', 'run'], ['npm', 'prune']]);
    for (const run of runs.filter((r) => r[1] === 'run')) expect(PACKAGE_SCRIPTS).toContain(run[2]);
    const runtime = stage('runtime');
    const copied = runtime.copies.map((c) => c.dest.replace(/^\.\//, '').replace(/\/$/, ''));
    expect(runtime.cmd).toEqual(['node', 'bin/everyst.js', 'serve']);
    expect(CLI_COMMANDS).toContain(runtime.cmd![2]);
    expect(runtime.healthcheck).toEqual(['node', 'scripts/healthcheck.mjs']);
    for (const file of [runtime.cmd![1], runtime.healthcheck![1]]) {
      expect(copied.some((c) => file === c || file.startsWith(`${c}/`)), file).toBe(true);
      expect(isTracked(file), file).toBe(true);
    }
  });

  it('sets only variables the configuration knows, keeps the data in the /data volume and runs as everyst', () => {
    const runtime = stage('runtime');
    expect(unknownVariables(Object.keys(runtime.env))).toEqual([]);
    expect(runtime.env.EVERYST_DATA_DIR).toBe('/data');
    expect(runtime.volumes).toEqual(['/data']);
    expect(runtime.user).toBe('everyst');
    for (const tool of ['nmap', 'fping', 'arp-scan', 'iputils-ping', 'traceroute', 'bind9-dnsutils', 'whois', 'tcpdump', 'iproute2', 'openssl']) {
      expect(runtime.shellRuns.join('\n')).toMatch(new RegExp(`\\s${tool}\\s`));
    }
    // Only CAP_NET_RAW: outside the container's bounding set (Docker's default lacks NET_ADMIN) exec would fail.
    const setcaps = [...runtime.shellRuns.join('\n').matchAll(/setcap (\S+) (\S+)/g)].map((m) => [m[2], m[1]]);
    expect(Object.fromEntries(setcaps)).toEqual({
      '/usr/bin/nmap': 'cap_net_raw+eip', '/usr/sbin/arp-scan': 'cap_net_raw+eip', '/usr/bin/fping': 'cap_net_raw+ep', '/usr/bin/tcpdump': 'cap_net_raw+eip',
    });
  });

  it('.dockerignore keeps local state and secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
    for (const path of ['.env', 'data', 'node_modules', 'dist', '.git']) expect(ignored).toContain(path);
    for (const copy of stage('build').copies) for (const source of copy.sources) expect(ignored).not.toContain(source.replace(/^\.\//, ''));
  });
});

interface ComposeService {
  profiles?: string[]; image?: string; build?: string; command?: string[]; environment?: Record<string, string>;
  volumes?: string[]; cap_add?: string[]; cap_drop?: string[]; pid?: string; network_mode?: string; user?: string; read_only?: boolean;
  healthcheck?: { disable?: boolean };
}

describe('docker-compose.yml', () => {
  const compose = parseYaml(read('docker-compose.yml'), { merge: true }) as { services: Record<string, ComposeService> };
  const everystServices = Object.entries(compose.services).filter(([, s]) => s.image === 'everyst:latest');
  const inProfile = (profile: string) => Object.keys(compose.services).filter((n) => compose.services[n].profiles?.includes(profile)).sort();

  it('has a single-server profile and a PostgreSQL + Redis + two instances + worker profile', () => {
    expect(inProfile('single')).toEqual(['everyst']);
    expect(inProfile('cluster')).toEqual(['api-1', 'api-2', 'nginx', 'postgres', 'redis', 'worker']);
    expect(compose.services.everyst.environment).not.toHaveProperty('DATABASE_URL');
    for (const name of ['api-1', 'api-2', 'worker']) {
      expect(compose.services[name].environment, name).toMatchObject({
        REDIS_HOST: 'redis', SCAN_USE_WORKERS: 'true', DATABASE_URL: expect.stringMatching(/^postgresql:\/\/everyst:.*@postgres:5432\/everyst$/),
      });
      expect(compose.services[name].environment!.SECRET_KEY).toMatch(/^\$\{EVERYST_SECRET_KEY:\?/);
    }
    expect(compose.services.worker.command).toEqual(['node', 'bin/everyst.js', 'worker', '--drain-seconds', '20']);
    expect(compose.services['api-1'].environment!.EVERYST_INSTANCE_NAME).not.toBe(compose.services['api-2'].environment!.EVERYST_INSTANCE_NAME);
  });

  it('has an agent profile that runs `everyst agent` with the host\'s processes, network and filesystems, read-only', () => {
    expect(inProfile('agent')).toEqual(['agent']);
    const agent = compose.services.agent;
    expect(agent.command!.slice(0, 3)).toEqual(['node', 'bin/everyst.js', 'agent']);
    const option = (name: string) => agent.command![agent.command!.indexOf(name) + 1];
    expect(option('--server')).toMatch(/^\$\{EVERYST_SERVER_URL:\?/);
    // The token comes from a file, never from the command line.
    expect(agent.command).not.toContain('--token');
    const tokenFile = option('--token-file');
    expect(agent.volumes).toContainEqual(expect.stringMatching(new RegExp(`:${tokenFile}:ro$`)));
    expect(agent).toMatchObject({ pid: 'host', network_mode: 'host', read_only: true, cap_drop: ['ALL'], healthcheck: { disable: true } });
    expect(agent.cap_add).toBeUndefined();
    expect(agent.user).toMatch(/^[1-9]\d*:[1-9]\d*$/);
    expect(agent.volumes).toContain('/:/hostfs:ro,rslave');
    for (const volume of agent.volumes!) expect(volume, volume).toMatch(/:ro(,rslave)?$/);
    expect(Object.keys(agent.environment ?? {}).every((name) => name.startsWith('AGENT_'))).toBe(true);
  });

  it('sets only variables the configuration knows, runs only CLI commands, and mounts only files that exist', () => {
    for (const [name, service] of everystServices) {
      expect(unknownVariables(Object.keys(service.environment ?? {})), name).toEqual([]);
      expect(service.build, name).toBe('.');
      if (service.command) {
        expect(service.command.slice(0, 2)).toEqual(['node', 'bin/everyst.js']);
        expect(CLI_COMMANDS).toContain(service.command[2]);
      }
      if (service.cap_add) expect(service.cap_add).toEqual(['NET_RAW']);
    }
    const binds = Object.values(compose.services).flatMap((s) => s.volumes ?? []).filter((v) => v.startsWith('./'));
    expect(binds.length).toBeGreaterThan(0);
    for (const bind of binds) expect(isTracked(bind.split(':')[0]), bind).toBe(true);
  });
});

const analyze = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find(existsSync);

/** `systemd-analyze verify` without messages, and `security` at most `maxExposure`, on a copy naming this runtime. */
function verifyUnit(name: string, unit: string, maxExposure: number): void {
  // The units name /usr/bin/node; verify checks that it exists, so the copy names this runtime instead.
  const dir = mkdtempSync(join(tmpdir(), 'everyst-unit-'));
  const copy = join(dir, name);
  writeFileSync(copy, unit.replace('/usr/bin/node ', `${process.execPath} `));
  try {
    const verify = spawnSync(analyze!, ['verify', '--man=no', copy], { encoding: 'utf8' });
    expect(verify.status, verify.stderr).toBe(0);
    // An unknown or misspelt key is only a message ("Unknown key …, ignoring"), not a failing status.
    expect(verify.stderr.trim()).toBe('');
    const security = spawnSync(analyze!, ['security', '--offline=true', copy], { encoding: 'utf8' });
    const score = new RegExp(`Overall exposure level for ${name.replace(/[.-]/g, '\\$&')}: ([\\d.]+)`).exec(security.stdout);
    expect(score, security.stdout + security.stderr).not.toBeNull();
    expect(Number(score![1])).toBeLessThanOrEqual(maxExposure);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('deploy/systemd/everyst.service', () => {
  const unit = read('deploy/systemd/everyst.service');
  const values = (key: string) => [...unit.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((m) => m[1]);

  it('runs the CLI of /opt/everyst as the dedicated user, with its data in the StateDirectory', () => {
    expect(values('User')).toEqual(['everyst']);
    const [exec] = values('ExecStart');
    const [, script, command] = exec.split(' ');
    expect(script.startsWith('/opt/everyst/')).toBe(true);
    expect(isTracked(script.slice('/opt/everyst/'.length))).toBe(true);
    expect(CLI_COMMANDS).toContain(command);
    expect(values('StateDirectory')).toEqual(['everyst']);
    const environment = Object.fromEntries(values('Environment').map((e) => e.split('=') as [string, string]));
    expect(environment.EVERYST_DATA_DIR).toBe('/var/lib/everyst');
    expect(unknownVariables(Object.keys(environment))).toEqual([]);
  });

  it('grants only the raw-socket capabilities and hardens the rest', () => {
    expect(values('AmbientCapabilities')).toEqual(['CAP_NET_RAW CAP_NET_ADMIN']);
    expect(values('CapabilityBoundingSet')).toEqual(['CAP_NET_RAW CAP_NET_ADMIN']);
    for (const key of ['ProtectSystem', 'ProtectHome', 'PrivateTmp', 'PrivateDevices', 'RestrictSUIDSGID']) expect(values(key), key).toHaveLength(1);
    // V8 generates code at run time; this option would kill the server at start.
    expect(values('MemoryDenyWriteExecute')).toEqual([]);
  });

  if (!analyze) console.warn('[skip] systemd-analyze checks of the units: systemd-analyze is not installed');
  it.skipIf(!analyze)('passes systemd-analyze verify, with an exposure score of at most 5 (systemd-analyze security)', () => {
    verifyUnit('everyst.service', unit, 5);
  });
});

describe('deploy/systemd/everyst-agent.service', () => {
  const unit = read('deploy/systemd/everyst-agent.service');
  const values = (key: string) => [...unit.matchAll(new RegExp(`^${key}=(.*)$`, 'gm'))].map((m) => m[1]);

  it('runs `everyst agent` of /opt/everyst as the dedicated user, with the token from a file, as docs/agents.md shows', () => {
    expect(values('User')).toEqual(['everyst']);
    const [exec] = values('ExecStart');
    const [node, script, command, ...args] = exec.split(' ');
    expect(node).toBe('/usr/bin/node');
    expect(script.startsWith('/opt/everyst/')).toBe(true);
    expect(isTracked(script.slice('/opt/everyst/'.length))).toBe(true);
    expect(command).toBe('agent');
    expect(CLI_COMMANDS).toContain(command);
    expect(args[args.indexOf('--server') + 1]).toMatch(/^https:\/\//);
    expect(args[args.indexOf('--token-file') + 1]).toBe('/etc/everyst/agent.token');
    expect(args).not.toContain('--token');
    const environment = Object.fromEntries(values('Environment').map((e) => e.split('=') as [string, string]));
    expect(unknownVariables(Object.keys(environment))).toEqual([]);
    expect(values('EnvironmentFile')).toEqual(['-/etc/everyst/agent.env']);
    const docs = read('docs/agents.md');
    expect(docs).toContain('`deploy/systemd/everyst-agent.service`');
    expect(docs).toContain('/etc/everyst/agent.token');
    expect(docs).toContain('--profile agent');
  });

  it('holds no capabilities and hardens the rest', () => {
    expect(values('CapabilityBoundingSet')).toEqual(['']);
    expect(values('AmbientCapabilities')).toEqual(['']);
    for (const key of ['NoNewPrivileges', 'ProtectSystem', 'ProtectHome', 'PrivateTmp', 'PrivateDevices', 'RestrictSUIDSGID']) expect(values(key), key).toHaveLength(1);
    expect(values('RestrictAddressFamilies')[0].split(' ')).not.toContain('AF_PACKET');
    // The agent counts every process of the host: ProtectProc=invisible would hide other users' processes.
    expect(values('ProtectProc')).toEqual([]);
    expect(values('MemoryDenyWriteExecute')).toEqual([]);
  });

  it.skipIf(!analyze)('passes systemd-analyze verify, with an exposure score of at most 4 (systemd-analyze security)', () => {
    verifyUnit('everyst-agent.service', unit, 4);
  });
});

const notRoot = process.getuid?.() !== 0 ? 'replaying the install as another user needs root (useradd)' : null;
if (notRoot) console.warn(`[skip] Dockerfile install replay: ${notRoot}`);

describe.skipIf(notRoot !== null)(`the Dockerfile's install steps, replayed by a non-root user${notRoot ? ` (skipped: ${notRoot})` : ''}`, () => {
  const user = `evpkg${process.pid}`;
  let uid = 0;
  let gid = 0;
  let work = '';
  let server: ChildProcess | undefined;

  beforeAll(() => {
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', user]);
    uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }));
    gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }));
    work = mkdtempSync(join(tmpdir(), 'everyst-package-'));
    chmodSync(work, 0o755);
  });
  afterAll(async () => {
    if (server && server.exitCode === null) {
      server.kill('SIGKILL');
      await new Promise((r) => server!.once('exit', r));
    }
    if (work) rmSync(work, { recursive: true, force: true });
    try {
      execFileSync('userdel', ['--force', user], { stdio: 'ignore' });
    } catch {
      // not created
    }
  });

  /** Gives the user the folders (and the copied files) under `dir`; hard-linked files stay root's and read-only. */
  const giveTo = (dir: string) => {
    const walk = (path: string) => {
      const info = lstatSync(path);
      if (info.isDirectory()) {
        chownSync(path, uid, gid);
        for (const name of readdirSync(path)) walk(join(path, name));
      } else if (info.nlink === 1 && !info.isSymbolicLink()) chownSync(path, uid, gid);
    };
    walk(dir);
  };

  const asUser = (args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> =>
    new Promise((done) => {
      const child = spawn(args[0], args.slice(1), { cwd, uid, gid, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      child.once('exit', (code) => done({ code, output }));
    });

  it('builds, keeps what the runtime stage copies, starts as that user and passes the HEALTHCHECK', async () => {
    const home = join(work, 'home');
    mkdirSync(home);
    chownSync(home, uid, gid);
    const userEnv = { PATH: process.env.PATH!, HOME: home, npm_config_cache: join(home, '.npm'), npm_config_update_notifier: 'false' };

    // Build stage: WORKDIR /app is `build`; COPY takes the tracked files of this checkout (the build context).
    const app = join(work, 'build');
    mkdirSync(app);
    for (const step of stage('build').steps) {
      if ('copy' in step) {
        const copy = step.copy;
        for (const source of copy.sources) {
          const dest = copy.sources.length > 1 || copy.dest.endsWith('/') ? join(app, copy.dest, source) : join(app, copy.dest);
          for (const file of [...TRACKED].filter((f) => f === source || f.startsWith(`${source}/`))) {
            const target = file === source ? dest : join(dest, file.slice(source.length + 1));
            mkdirSync(dirname(target), { recursive: true });
            cpSync(join(ROOT, file), target);
          }
        }
        continue;
      }
      const run = step.run;
      if (run[1] === 'ci') {
        // `npm ci` takes minutes here: this checkout's node_modules, installed by `npm ci` from the same
        // package-lock.json, is copied as hard links instead (its .package-lock.json as a real copy, npm rewrites it).
        // Entry by entry, without the test runner's cache, which other test files write meanwhile.
        mkdirSync(join(app, 'node_modules'));
        for (const entry of readdirSync(join(ROOT, 'node_modules')).filter((e) => e !== '.vitest-cache' && e !== '.vite')) {
          execFileSync('cp', ['-al', join(ROOT, 'node_modules', entry), join(app, 'node_modules', entry)]);
        }
        rmSync(join(app, 'node_modules/.package-lock.json'), { force: true });
        cpSync(join(ROOT, 'node_modules/.package-lock.json'), join(app, 'node_modules/.package-lock.json'));
        giveTo(app);
        // What `npm ci` would run after installing: the project's own install-time scripts.
        for (const script of ['preinstall', 'install', 'postinstall', 'prepare'].filter((n) => PACKAGE_SCRIPTS.includes(n))) {
          const result = await asUser(['npm', 'run', script], app, userEnv);
          expect(result.code, `npm run ${script}\n${result.output}`).toBe(0);
        }
        continue;
      }
      const result = await asUser(run, app, userEnv);
      expect(result.code, `${run.join(' ')}\n${result.output}`).toBe(0);
    }
    expect(existsSync(join(app, 'dist/cli.js'))).toBe(true);
    expect(existsSync(join(app, 'node_modules/vitest')), 'npm prune --omit=dev removed the dev dependencies').toBe(false);

    // Runtime stage: only what it copies from the build stage.
    const runtimeDir = join(work, 'runtime');
    for (const copy of stage('runtime').copies) {
      for (const source of copy.sources) {
        const from = join(app, source.replace(/^\/app\//, ''));
        const to = copy.sources.length > 1 ? join(runtimeDir, copy.dest, source.split('/').pop()!) : join(runtimeDir, copy.dest);
        mkdirSync(dirname(to), { recursive: true });
        execFileSync('cp', ['-al', from, to]);
      }
    }
    const data = join(work, 'data');
    mkdirSync(data);
    chownSync(data, uid, gid);
    const port = await freePort();
    // The image's ENV, with its volume at `data`, a free port and loopback instead of every address.
    const env = { ...userEnv, ...stage('runtime').env, EVERYST_DATA_DIR: data, API_PORT: String(port), API_HOST: '127.0.0.1' };
    const cmd = stage('runtime').cmd!;
    const started = Date.now();
    server = spawn(cmd[0], cmd.slice(1), { cwd: runtimeDir, uid, gid, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    server.stdout!.on('data', (c: Buffer) => (log += c.toString()));
    server.stderr!.on('data', (c: Buffer) => (log += c.toString()));

    const healthcheck = stage('runtime').healthcheck!;
    let healthy = false;
    while (!healthy && Date.now() - started < 90_000 && server.exitCode === null) {
      healthy = (await asUser(healthcheck, runtimeDir, env)).code === 0;
      if (!healthy) await sleep(200);
    }
    expect(healthy, log).toBe(true);
    const health = await fetch(`http://127.0.0.1:${port}/api/health/`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok' });
    expect(readFileSync(`/proc/${server.pid}/status`, 'utf8')).toMatch(new RegExp(`^Uid:\\s+${uid}\\s`, 'm'));
    expect(existsSync(join(data, 'everyst.sqlite3'))).toBe(true);
    expect(lstatSync(join(data, 'secret_key')).uid).toBe(uid);

    server.kill('SIGTERM');
    const code = await new Promise((r) => server!.once('exit', r));
    expect(code).toBe(0);
  }, 300_000);
});

describe('the install and operation guides', () => {
  const GUIDES = ['docs/install.md', 'docs/unprivileged.md', 'docs/reverse-proxy.md', 'docs/troubleshooting.md', 'docs/agents.md'];
  const anchor = (heading: string) => heading.toLowerCase().replace(/[^\w\s-]/g, '').trim().replace(/\s/g, '-');

  it('are linked from the README', () => {
    for (const guide of GUIDES) expect(read('README.md')).toContain(`](${guide})`);
  });

  it('name only repository files that exist, and link only to documents and headings that exist', () => {
    for (const guide of GUIDES) {
      const text = read(guide);
      for (const [, path] of text.matchAll(/`((?:deploy|scripts|test|src|bin)\/[\w./-]+|Dockerfile|docker-compose\.yml|\.env\.example)`/g)) {
        expect(isTracked(path), `${guide}: ${path}`).toBe(true);
      }
      for (const [, target, hash] of text.matchAll(/\]\(([\w.-]+\.md)(?:#([\w-]+))?\)/g)) {
        expect(isTracked(`docs/${target}`), `${guide}: ${target}`).toBe(true);
        if (hash) {
          const headings = read(`docs/${target}`).split('\n').filter((l) => l.startsWith('#')).map((l) => anchor(l.replace(/^#+\s*/, '')));
          expect(headings, `${guide}: ${target}#${hash}`).toContain(hash);
        }
      }
    }
  });
});
