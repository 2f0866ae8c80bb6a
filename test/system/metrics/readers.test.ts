import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FilesystemReader } from '../../../src/system/metrics/filesystems.js';
import { parseOsReleasePrettyName, parsePageSize } from '../../../src/system/metrics/host-info.js';
import { parseMountinfo, realMounts } from '../../../src/system/metrics/mounts.js';
import { OpenFiles } from '../../../src/system/metrics/open-files.js';
import { readOptional } from '../../../src/system/metrics/read-file.js';
import { formatUptime, isoTimestamp } from '../../../src/system/metrics/units.js';
import { statfsResult } from './fixture-host.js';

const dir = mkdtempSync(join(tmpdir(), 'everyst-readers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mount table', () => {
  const table = [
    '26 1 8:2 / / rw,relatime - ext4 /dev/sda2 rw',
    '40 26 0:70 / /mnt/stack rw - ext4 /dev/sdd1 rw',
    '41 40 0:71 / /mnt/stack rw - xfs /dev/sde1 ro',
    '42 26 8:2 /var/x /a\\040b\\134c rw - ext4 /dev/sda2 rw',
    '43 26 0:72 / /var/lib/docker/overlay2/x/merged rw - overlay overlay rw',
    '44 26 0:73 / /sys/fs/bpf rw - bpf bpf rw',
  ].join('\n');

  it('unescapes names, keeps the top mount of a mount point and each device once', () => {
    const entries = parseMountinfo(table);
    expect(entries[3].mountPoint).toBe('/a b\\c');
    expect(entries[2].readOnly).toBe(true);
    expect(realMounts(entries).map((m) => [m.mountPoint, m.fsType])).toEqual([
      ['/', 'ext4'],
      ['/mnt/stack', 'xfs'],
    ]);
  });

  it('keeps overlay only when it is the root filesystem (containers)', () => {
    const entries = parseMountinfo('1 0 0:50 / / rw - overlay overlay rw\n2 1 0:51 / /data rw - overlay overlay rw\n');
    expect(realMounts(entries).map((m) => m.mountPoint)).toEqual(['/']);
  });
});

describe('FilesystemReader statfs guard', () => {
  it('skips a statfs that does not answer in time, does not repeat it while pending, and retries once it settles', async () => {
    mkdirSync(join(dir, 'self'), { recursive: true });
    writeFileSync(join(dir, 'self/mountinfo'), '1 0 8:1 / / rw - ext4 /dev/sda1 rw\n2 1 0:60 / /mnt/nfs rw - nfs4 srv:/x rw\n');
    const calls: string[] = [];
    let hung = true;
    let release: () => void = () => undefined;
    const reader = new FilesystemReader(readOptional, dir, (path) => {
      calls.push(path);
      if (path === '/') return Promise.resolve(statfsResult(4096, 100, 50, 40, 0, 0));
      const answer = statfsResult(4096, 10, 5, 5, 0, 0);
      return hung ? new Promise((resolve) => (release = () => resolve(answer))) : Promise.resolve(answer);
    }, 50);
    const started = performance.now();
    expect((await reader.read()).filesystems.map((fs) => fs.mount_point)).toEqual(['/']);
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
    expect((await reader.read()).filesystems.map((fs) => fs.mount_point)).toEqual(['/']);
    expect(calls.filter((p) => p === '/mnt/nfs')).toHaveLength(1);

    hung = false;
    release();
    await new Promise((resolve) => setImmediate(resolve));
    const third = await reader.read();
    expect(third.filesystems.map((fs) => fs.mount_point)).toEqual(['/', '/mnt/nfs']);
    expect(third.root?.usage_percent).toBe(55.6);
    expect(calls.filter((p) => p === '/mnt/nfs')).toHaveLength(2);
  });
});

describe('OpenFiles', () => {
  it('re-reads a kept-open file from its start, across several chunks, and opens afresh after a failure', async () => {
    const files = new OpenFiles();
    const path = join(dir, 'counters');
    await expect(files.read(path)).rejects.toThrow();
    const big = 'x'.repeat(40_000);
    writeFileSync(path, big);
    expect(await files.read(path)).toBe(big);
    writeFileSync(path, 'short\n');
    expect(await files.read(path)).toBe('short\n');
    // Files of small records (vmstat) end at a short read; a long one still reads to its end.
    const vmstat = join(dir, 'vmstat');
    writeFileSync(vmstat, big);
    expect(await files.read(vmstat)).toBe(big);
    writeFileSync(vmstat, 'pswpin 7\npswpout 9\n');
    expect(await files.read(vmstat)).toBe('pswpin 7\npswpout 9\n');
    await files.close();
    unlinkSync(path);
    unlinkSync(vmstat);
    await expect(files.read(path)).rejects.toThrow();
  });
});

describe('formats', () => {
  it('formats uptime and timestamps as the spec writes them', () => {
    expect(formatUptime(273845.67)).toBe('3d 4h 4m');
    expect(formatUptime(59.99)).toBe('0d 0h 0m');
    expect(formatUptime(86_400 * 400 + 3599)).toBe('400d 0h 59m');
    expect(isoTimestamp(Date.UTC(2025, 0, 2, 3, 4, 5, 6))).toBe('2025-01-02T03:04:05.006+00:00');
  });

  it('reads PRETTY_NAME with shell quoting and the kernel page size', () => {
    expect(parseOsReleasePrettyName('NAME=Debian\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n')).toBe('Debian GNU/Linux 12 (bookworm)');
    expect(parseOsReleasePrettyName("PRETTY_NAME='Fedora \\\"Linux\\\" 40'\n")).toBe('Fedora "Linux" 40');
    expect(parseOsReleasePrettyName('PRETTY_NAME=Alpine\n')).toBe('Alpine');
    expect(parseOsReleasePrettyName('NAME=x\n')).toBeNull();
    expect(parsePageSize('Size: 8 kB\nKernelPageSize:       64 kB\n')).toBe(65536);
    expect(parsePageSize(null)).toBe(4096);
  });
});
