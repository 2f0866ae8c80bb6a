import { PROC_NET_TABLES, parseProcNetTable } from './proc-net.js';
import { findSocketOwners } from './socket-owners.js';
import type { FileReader, Listener } from './types.js';

export interface OwnedListener extends Listener {
  /** Owning process id, null when not readable. Not part of the snapshot's `listening` list. */
  pid: number | null;
}

export interface ListeningReading {
  /** The /proc/net tables that could be read; empty means the source is unknown. */
  sources: string[];
  listeners: OwnedListener[];
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byProtocolPortAddress = (a: Listener, b: Listener) =>
  compareText(a.protocol, b.protocol) || a.port - b.port || compareText(a.address, b.address);

/** Every listening TCP socket and unconnected UDP socket, one entry per protocol + address + port. */
export async function readListening(reader: FileReader, littleEndian?: boolean): Promise<ListeningReading> {
  const texts = await Promise.all(PROC_NET_TABLES.map((t) => reader.readFile(t.path)));
  const sources: string[] = [];
  const sockets = PROC_NET_TABLES.flatMap((table, i) => {
    const text = texts[i];
    if (text === null) return [];
    sources.push(table.path);
    return parseProcNetTable(text, table.protocol, littleEndian);
  });
  const owners = await findSocketOwners(reader, new Set(sockets.map((s) => s.inode)));

  // SO_REUSEPORT groups show several sockets on one address and port: keep one, preferring a known owner.
  const unique = new Map<string, OwnedListener>();
  for (const socket of sockets) {
    const key = `${socket.protocol} ${socket.address} ${socket.port}`;
    const owner = owners.get(socket.inode);
    const previous = unique.get(key);
    if (previous && (previous.pid !== null || !owner)) continue;
    unique.set(key, {
      protocol: socket.protocol,
      address: socket.address,
      port: socket.port,
      process: owner?.process ?? null,
      pid: owner?.pid ?? null,
    });
  }
  return { sources, listeners: [...unique.values()].sort(byProtocolPortAddress) };
}
