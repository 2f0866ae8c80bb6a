import { open, type FileHandle } from 'node:fs/promises';
import { readText } from './read-file.js';

/**
 * Keeps the /proc files read on every sample open and re-reads them from offset 0 (procfs regenerates
 * them on each read). That saves the open and close of every read: two thread-pool round trips of the
 * four a fresh read costs, measured at about 25% of a sample's CPU time. `close()` releases them.
 *
 * A read that returns less than asked is normally followed by one more that finds the end. procfs files are
 * seq_files: one read returns whole records up to the seq buffer (at least a 4 KiB page). So for a file made
 * by one `show` (single_open: /proc/stat, meminfo, loadavg, uptime; sysfs attributes) any short read is the end, and for files
 * of small records (vmstat, diskstats, net/dev: under 512 bytes each) a read short of a page by more than one
 * record is the end too. Other files (mountinfo, cpuinfo) read until a read returns nothing.
 */
const SINGLE_RECORD = new Set(['stat', 'meminfo', 'loadavg', 'uptime', 'scaling_cur_freq']);
const SMALL_RECORDS = new Set(['vmstat', 'diskstats', 'dev']);
const SEQ_BUFFER_BYTES = 4096;
const SMALL_RECORD_BYTES = 512;

/** Reads shorter than this are the end of the file (0: only an empty read is). */
function endBelow(path: string, chunkSize: number): number {
  const name = path.slice(path.lastIndexOf('/') + 1);
  if (SINGLE_RECORD.has(name)) return chunkSize;
  if (SMALL_RECORDS.has(name)) return SEQ_BUFFER_BYTES - SMALL_RECORD_BYTES;
  return 0;
}

export class OpenFiles {
  private readonly handles = new Map<string, Promise<FileHandle>>();
  private closed = false;

  async read(path: string): Promise<string> {
    if (this.closed) return readText(path);
    let handle = this.handles.get(path);
    if (!handle) {
      handle = open(path, 'r');
      this.handles.set(path, handle);
    }
    try {
      return await readAll(await handle, path);
    } catch (error) {
      this.handles.delete(path);
      void handle.then((h) => h.close()).catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const handles = [...this.handles.values()];
    this.handles.clear();
    await Promise.all(handles.map((h) => h.then((fh) => fh.close()).catch(() => undefined)));
  }
}

async function readAll(handle: FileHandle, path: string): Promise<string> {
  const chunks: Buffer[] = [];
  let position = 0;
  let chunkSize = 16_384;
  for (;;) {
    const buffer = Buffer.allocUnsafe(chunkSize);
    const { bytesRead } = await handle.read(buffer, 0, chunkSize, position);
    if (bytesRead === 0) break;
    chunks.push(buffer.subarray(0, bytesRead));
    position += bytesRead;
    if (bytesRead < endBelow(path, chunkSize)) break;
    if (bytesRead === chunkSize) chunkSize = Math.min(chunkSize * 2, 1 << 20);
  }
  return chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
}
