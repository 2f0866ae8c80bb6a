import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { listenUrls, startBanner } from '../../src/runtime/banner.js';
import { formatLogLine } from '../../src/logger-pretty.js';
import { prettyLogs } from '../../src/logger.js';

const BIN = resolve(import.meta.dirname, '../../bin/everyst.js');
const VERSION = (JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }).version;
const hasScript = spawnSync('script', ['--version']).status === 0;
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

const started: ChildProcess[] = [];
const serverPids: number[] = [];
afterEach(() => {
  for (const pid of serverPids.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  for (const c of started.splice(0)) c.kill('SIGKILL');
});

/** The pid of the server of `dataDir`, from the record it keeps while it runs. */
function serverPid(dataDir: string): number {
  const name = readdirSync(join(dataDir, 'run')).find((n) => /^server-\d+\.json$/.test(n))!;
  return (JSON.parse(readFileSync(join(dataDir, 'run', name), 'utf8')) as { pid: number }).pid;
}

/**
 * Starts `everyst serve` and collects its standard output until `until` matches it. With `tty`, the server's
 * output is a real pseudo-terminal (util-linux `script`, which runs the command line through /bin/sh).
 */
async function serve(env: Record<string, string>, until: RegExp, tty: boolean): Promise<{ out: string; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'everyst-tty-'));
  const fullEnv = { PATH: process.env.PATH ?? '', EVERYST_FROM_SOURCE: '1', EVERYST_DATA_DIR: dataDir, API_HOST: '127.0.0.1', API_PORT: '0', SHELL: '/bin/sh', TERM: 'dumb', ...env };
  const child = tty
    ? spawn('script', ['-qfec', `${quote(process.execPath)} ${quote(BIN)} serve`, '/dev/null'], { env: fullEnv, stdio: ['pipe', 'pipe', 'pipe'] })
    : spawn(process.execPath, [BIN, 'serve'], { env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let out = '';
  await new Promise<void>((done, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (until.test(out)) done();
    });
    child.on('close', () => reject(new Error(`exited before the expected output: ${out}`)));
  });
  // Let the lines written just after the awaited one arrive too.
  await new Promise((r) => setTimeout(r, 300));
  serverPids.push(serverPid(dataDir));
  return { out: out.replace(/\r\n/g, '\n'), dataDir };
}

describe('a person at a terminal', { timeout: 120_000 }, () => {
  it.runIf(hasScript)('gets a banner with the URL to open and readable log lines on a pseudo-terminal', async () => {
    const { out: raw, dataDir } = await serve({ LOG_LEVEL: 'info' }, /Stop with Ctrl-C\./, true);
    // A terminal gets colours.
    expect(raw).toContain('\u001b[32mINFO ');
    const out = raw.replace(/\u001b\[\d+m/g, '');
    const port = /Open: +http:\/\/127\.0\.0\.1:(\d+)\n/.exec(out)?.[1];
    expect(port, out).toBeDefined();
    expect(out).toContain(`Everyst ${VERSION} is running`);
    expect(out).toContain(`Data:      ${dataDir}\n`);
    expect(out).toContain(`Database:  SQLite (${join(dataDir, 'everyst.sqlite3')})\n`);
    expect(out).toContain(`No account yet: open http://127.0.0.1:${port} to create the owner.`);
    expect(out).not.toContain('[::]');
    expect(out).toMatch(new RegExp(`\\d\\d:\\d\\d:\\d\\d\\.\\d{3} .*INFO .*Everyst listening on port ${port}`));
    expect(out.split('\n').filter((l) => l.trimStart().startsWith('{'))).toEqual([]);
  });

  it.runIf(hasScript)('keeps JSON lines and no banner on a terminal with LOG_FORMAT=json', async () => {
    const { out } = await serve({ LOG_LEVEL: 'info', LOG_FORMAT: 'json' }, /"port":\d+/, true);
    expect(out).not.toContain('is running');
    const lines = out.split('\n').filter(Boolean);
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
  });

  it('writes JSON lines and no banner when stdout is a pipe, and readable lines with LOG_FORMAT=pretty', async () => {
    const piped = await serve({ LOG_LEVEL: 'info' }, /"port":\d+/, false);
    const lines = piped.out.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(JSON.parse(lines.find((l) => l.includes('Everyst listening'))!)).toMatchObject({ urls: [expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/)] });
    expect(piped.out).not.toContain('is running');

    const forced = await serve({ LOG_LEVEL: 'info', LOG_FORMAT: 'pretty' }, /Stop with Ctrl-C\./, false);
    expect(forced.out).toMatch(/INFO  Everyst listening on port \d+/);
    expect(forced.out).toContain('No account yet: open http://127.0.0.1:');
    // No colours when the output is not a terminal.
    expect(forced.out).not.toContain('\u001b[');
  });

  it('stops at start with the variable named when LOG_FORMAT is invalid', async () => {
    const res = spawnSync(process.execPath, [BIN, 'serve'], {
      env: { PATH: process.env.PATH ?? '', EVERYST_FROM_SOURCE: '1', EVERYST_DATA_DIR: mkdtempSync(join(tmpdir(), 'everyst-tty-')), LOG_FORMAT: 'fancy' },
      encoding: 'utf8', timeout: 60_000,
    });
    expect(res.status).toBe(78);
    expect(res.stderr).toContain('Invalid configuration: LOG_FORMAT: unknown value. Expected one of auto, json, pretty.');
  });
});

describe('listen URLs, banner and readable lines', () => {
  const interfaces = {
    lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }, { address: '::1', family: 'IPv6', internal: true }],
    eth0: [
      { address: '192.168.1.20', family: 'IPv4', internal: false },
      { address: '2001:db8::20', family: 'IPv6', internal: false },
      { address: 'fe80::1', family: 'IPv6', internal: false },
    ],
    wlan0: [{ address: '10.0.0.5', family: 'IPv4', internal: false }],
  } as unknown as NodeJS.Dict<import('node:os').NetworkInterfaceInfo[]>;

  it('lists loopback and the interface addresses for a wildcard bind, never the wildcard itself', () => {
    expect(listenUrls('::', 8000, false, interfaces)).toEqual([
      'http://127.0.0.1:8000', 'http://192.168.1.20:8000', 'http://10.0.0.5:8000', 'http://[2001:db8::20]:8000',
    ]);
    expect(listenUrls('0.0.0.0', 8443, true, interfaces)).toEqual(['https://127.0.0.1:8443', 'https://192.168.1.20:8443', 'https://10.0.0.5:8443']);
    expect(listenUrls('192.168.1.20', 8000, false, interfaces)).toEqual(['http://192.168.1.20:8000']);
    expect(listenUrls('::1', 8000, false, interfaces)).toEqual(['http://[::1]:8000']);
  });

  it('banner: every URL, and the owner hint only while there is no account', () => {
    const info = { version: '1.2.3', urls: ['http://127.0.0.1:8000', 'http://192.168.1.20:8000'], dataDir: '/srv/everyst', database: 'SQLite (/srv/everyst/everyst.sqlite3)', noAccountYet: true };
    const text = startBanner(info, false);
    expect(text).toContain('  Open:      http://127.0.0.1:8000\n             http://192.168.1.20:8000\n');
    expect(text).toContain('No account yet: open http://127.0.0.1:8000 to create the owner.');
    expect(startBanner({ ...info, noAccountYet: false }, false)).not.toContain('No account yet');
  });

  it('LOG_FORMAT auto follows the terminal; json and pretty force their format', () => {
    expect([prettyLogs('auto', true), prettyLogs('auto', false), prettyLogs('json', true), prettyLogs('pretty', false)]).toEqual([true, false, false, true]);
  });

  it('formats a pino line: time, level, message, fields, the error stack below', () => {
    const line = JSON.stringify({ level: 50, time: '2026-12-07T10:11:12.345Z', instance: 'a', msg: 'scan failed', scanId: 7, target: 'two words', err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at x' } });
    expect(formatLogLine(line, false)).toBe('10:11:12.345 ERROR scan failed  scanId=7 target="two words"\n    Error: boom\n        at x\n');
    expect(formatLogLine('not json', false)).toBe('not json\n');
    expect(formatLogLine(JSON.stringify({ level: 30, time: '2026-12-07T10:11:12.345Z', msg: 'hi' }), true)).toContain('\u001b[32mINFO \u001b[0m');
  });
});
