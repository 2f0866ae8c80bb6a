import { statfs as fsStatfs } from 'node:fs/promises';
import { join } from 'node:path';
import { Expiring } from './expiring.js';
import { parseMountinfo, parseMounts, realMounts, type MountEntry } from './mounts.js';
import type { TextReader } from './read-file.js';
import type { FilesystemMetrics } from './snapshot.js';
import { percent } from './units.js';

/** The fields of `fs.StatFs` this module uses. */
export interface StatFsLike {
  bsize: number;
  blocks: number;
  bfree: number;
  bavail: number;
  files: number;
  ffree: number;
}
export type StatFsFunction = (path: string) => Promise<StatFsLike>;

export function filesystemMetrics(mount: MountEntry, stats: StatFsLike): FilesystemMetrics {
  const total = stats.blocks * stats.bsize;
  const used = (stats.blocks - stats.bfree) * stats.bsize;
  const available = stats.bavail * stats.bsize;
  const hasInodes = stats.files > 0;
  const inodesUsed = stats.files - stats.ffree;
  return {
    mount_point: mount.mountPoint,
    device: mount.device,
    fs_type: mount.fsType,
    total_bytes: total,
    used_bytes: used,
    available_bytes: available,
    usage_percent: percent(used, used + available),
    inodes_total: hasInodes ? stats.files : null,
    inodes_used: hasInodes ? inodesUsed : null,
    inodes_usage_percent: hasInodes ? percent(inodesUsed, stats.files) : null,
    read_only: mount.readOnly,
  };
}

const MOUNT_TABLE_TTL_MS = 5_000;
const ROOT_FALLBACK: MountEntry = { mountPoint: '/', device: 'rootfs', fsType: 'rootfs', deviceId: '/', readOnly: false };

/**
 * Reads the mount table and statfs's each real filesystem. A statfs that does not answer within
 * the timeout (a hung NFS server) is skipped for that sample and not called again while pending.
 */
export class FilesystemReader {
  private readonly pending = new Set<string>();
  /** The mount table changes rarely: it is read again every few seconds, and parsed only when it changed. */
  private readonly mounts = new Expiring<Promise<MountEntry[]>>(MOUNT_TABLE_TTL_MS);
  private parsed: { text: string; mounts: MountEntry[] } | null = null;

  constructor(
    private readonly readFile: TextReader,
    private readonly procRoot: string,
    private readonly statfs: StatFsFunction = fsStatfs,
    private readonly timeoutMs = 1000,
    private readonly monotonicNow: () => number = () => performance.now(),
  ) {}

  /** Filesystems ordered by mount point, plus the root filesystem (null when `/` did not answer). */
  async read(): Promise<{ filesystems: FilesystemMetrics[]; root: FilesystemMetrics | null }> {
    const mounts = await this.mounts.get(this.monotonicNow(), () => this.realMounts());
    // `/` of a virtual type (a tmpfs root) is not listed but still gives the flat disk_* keys.
    const rootListed = mounts.some((mount) => mount.mountPoint === '/');
    const targets = rootListed ? mounts : [...mounts, ROOT_FALLBACK];
    const measured = await Promise.all(
      targets.map(async (mount) => {
        const stats = await this.statWithTimeout(mount.mountPoint);
        return stats === null ? null : filesystemMetrics(mount, stats);
      }),
    );
    const root = measured.find((fs) => fs?.mount_point === '/') ?? null;
    const filesystems = measured
      .filter((fs): fs is FilesystemMetrics => fs !== null && fs.total_bytes > 0)
      .filter((fs) => rootListed || fs.mount_point !== '/')
      .sort((a, b) => (a.mount_point < b.mount_point ? -1 : a.mount_point > b.mount_point ? 1 : 0));
    return { filesystems, root };
  }

  private async realMounts(): Promise<MountEntry[]> {
    const mountinfo = await this.readFile(join(this.procRoot, 'self/mountinfo'));
    if (mountinfo === null) return realMounts(parseMounts((await this.readFile(join(this.procRoot, 'self/mounts'))) ?? ''));
    if (this.parsed?.text !== mountinfo) this.parsed = { text: mountinfo, mounts: realMounts(parseMountinfo(mountinfo)) };
    return this.parsed.mounts;
  }

  private async statWithTimeout(path: string): Promise<StatFsLike | null> {
    if (this.pending.has(path)) return null;
    this.pending.add(path);
    const call = this.statfs(path).then(
      (stats) => stats,
      () => null,
    );
    void call.finally(() => this.pending.delete(path));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(resolve, this.timeoutMs, null);
      timer.unref();
    });
    try {
      return await Promise.race([call, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
