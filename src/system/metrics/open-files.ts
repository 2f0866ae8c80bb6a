import { open, type FileHandle } from 'node:fs/promises';
import { readText } from './read-file.js';

/**
 * Keeps the /proc files read on every sample open and re-reads them from offset 0 (procfs regenerates
 * them on each read). That saves the open and close of every read: two thread-pool round trips of the
 * four a fresh read costs, measured at about 25% of a sample's CPU time. `close()` releases them.
 *
 * `singleRecord`: the file is produced by one seq_file `show` (single_open: /proc/stat, meminfo, loadavg,
 * uptime), so a read shorter than the buffer is its end and the extra read that finds EOF is skipped.
 * Multi-record files (diskstats, net/dev, mountinfo…) may return short reads before their end.
 */
export class OpenFiles {
  private readonly handles = new Map<string, Promise<FileHandle>>();
  private closed = false;

  async read(path: string, singleRecord = false): Promise<string> {
    if (this.closed) return readText(path);
    let handle = this.handles.get(path);
    if (!handle) {
      handle = open(path, 'r');
      this.handles.set(path, handle);
    }
    try {
      return await readAll(await handle, singleRecord);
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

async function readAll(handle: FileHandle, singleRecord: boolean): Promise<string> {
  const chunks: Buffer[] = [];
  let position = 0;
  let chunkSize = 16_384;
  for (;;) {
    const buffer = Buffer.allocUnsafe(chunkSize);
    const { bytesRead } = await handle.read(buffer, 0, chunkSize, position);
    if (bytesRead === 0) break;
    chunks.push(buffer.subarray(0, bytesRead));
    position += bytesRead;
    if (singleRecord && bytesRead < chunkSize) break;
    if (bytesRead === chunkSize) chunkSize = Math.min(chunkSize * 2, 1 << 20);
  }
  return chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
}
