/** Mount table parsing: /proc/self/mountinfo, with /proc/self/mounts as a fallback. */

export interface MountEntry {
  mountPoint: string;
  device: string;
  fsType: string;
  /** `major:minor` from mountinfo; bind mounts of one filesystem share it. */
  deviceId: string;
  readOnly: boolean;
}

/** Virtual filesystem types that metrics.md §3.4 leaves out. */
export const VIRTUAL_FS_TYPES = new Set([
  'proc', 'sysfs', 'devtmpfs', 'devpts', 'tmpfs', 'ramfs', 'cgroup', 'cgroup2', 'pstore', 'bpf', 'tracefs',
  'debugfs', 'securityfs', 'configfs', 'fusectl', 'hugetlbfs', 'mqueue', 'autofs', 'binfmt_misc', 'nsfs',
  'rpc_pipefs', 'efivarfs', 'selinuxfs', 'squashfs', 'nfsd', 'fuse.lxcfs',
]);

/** The kernel escapes space, tab, newline and backslash as octal (`\040`). */
const unescape = (value: string) => value.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));

const hasRo = (options: string | undefined) => (options ?? '').split(',').includes('ro');

export function parseMountinfo(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const parts = line.trim().split(' ');
    const dash = parts.indexOf('-');
    if (dash < 6 || parts.length < dash + 3) continue;
    entries.push({
      mountPoint: unescape(parts[4]),
      deviceId: parts[2],
      fsType: parts[dash + 1],
      device: unescape(parts[dash + 2]),
      readOnly: hasRo(parts[5]) || hasRo(parts[dash + 3]),
    });
  }
  return entries;
}

export function parseMounts(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const [device, mountPoint, fsType, options] = line.trim().split(' ');
    if (!fsType) continue;
    const source = unescape(device);
    entries.push({ mountPoint: unescape(mountPoint), device: source, fsType, deviceId: source, readOnly: hasRo(options) });
  }
  return entries;
}

/**
 * The mounts to report: real filesystem types (overlay only at `/`), the top mount of each mount point,
 * and each device once under its shortest mount point.
 */
export function realMounts(entries: MountEntry[]): MountEntry[] {
  const byMountPoint = new Map<string, MountEntry>();
  for (const entry of entries) {
    if (VIRTUAL_FS_TYPES.has(entry.fsType)) continue;
    if (entry.fsType === 'overlay' && entry.mountPoint !== '/') continue;
    byMountPoint.delete(entry.mountPoint); // a later mount hides an earlier one at the same point
    byMountPoint.set(entry.mountPoint, entry);
  }
  const byDevice = new Map<string, MountEntry>();
  for (const entry of byMountPoint.values()) {
    const kept = byDevice.get(entry.deviceId);
    if (!kept || entry.mountPoint.length < kept.mountPoint.length) byDevice.set(entry.deviceId, entry);
  }
  return [...byDevice.values()];
}
