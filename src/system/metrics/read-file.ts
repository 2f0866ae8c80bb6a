import { open, readdir } from 'node:fs/promises';

/**
 * Reads a /proc or /sys file asynchronously. Such files report size 0, so this reads until EOF
 * without the `fstat` that `fs.promises.readFile` does (one thread-pool round trip less per file).
 */
export async function readText(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let chunkSize = 16_384;
    for (;;) {
      const buffer = Buffer.allocUnsafe(chunkSize);
      const { bytesRead } = await handle.read(buffer, 0, chunkSize, null);
      if (bytesRead === 0) break;
      chunks.push(buffer.subarray(0, bytesRead));
      if (bytesRead === chunkSize) chunkSize = Math.min(chunkSize * 2, 1 << 20);
    }
    return chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** Reads a file's text, or null when it is absent (fresh reads or the collector's open files). */
export type TextReader = (path: string) => Promise<string | null>;

/** The file's text, or null when it is absent or unreadable (optional kernel features). */
export async function readOptional(path: string): Promise<string | null> {
  try {
    return await readText(path);
  } catch {
    return null;
  }
}

/** A trimmed single-value attribute file (sysfs), or null. */
export async function readValue(path: string): Promise<string | null> {
  const text = await readOptional(path);
  return text === null ? null : text.trim();
}

/** A numeric attribute file, or null when absent, unreadable or not a finite number. */
export async function readNumber(path: string): Promise<number | null> {
  const text = await readValue(path);
  if (text === null || text === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

/** Directory entry names, or [] when the directory does not exist. */
export async function listDir(path: string): Promise<string[]> {
  try {
    return await readdir(path);
  } catch {
    return [];
  }
}
