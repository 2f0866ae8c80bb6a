import { decodeProcAddress } from './ip-address.js';

export interface ProcSocket {
  protocol: 'tcp' | 'udp';
  address: string;
  port: number;
  inode: number;
}

const TCP_LISTEN = '0A';
/** An unconnected UDP socket is in TCP_CLOSE with a zero remote port: that is what `ss -lu` lists. */
const UDP_UNCONNECTED = '07';

/** The listening sockets of one /proc/net/{tcp,tcp6,udp,udp6} table; malformed lines are skipped. */
export function parseProcNetTable(
  text: string,
  protocol: 'tcp' | 'udp',
  littleEndian?: boolean,
): ProcSocket[] {
  const sockets: ProcSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const [, local, remote, state] = fields;
    const inode = Number(fields[9]);
    const [localHex, localPortHex] = local.split(':');
    const remotePortHex = remote.split(':')[1];
    const listening =
      protocol === 'tcp' ? state === TCP_LISTEN : state === UDP_UNCONNECTED && parseInt(remotePortHex, 16) === 0;
    if (!listening) continue;
    const address = decodeProcAddress(localHex ?? '', littleEndian);
    const port = parseInt(localPortHex ?? '', 16);
    if (address === null || !Number.isInteger(port) || port === 0 || !Number.isInteger(inode)) continue;
    sockets.push({ protocol, address, port, inode });
  }
  return sockets;
}

export const PROC_NET_TABLES = [
  { path: '/proc/net/tcp', protocol: 'tcp' },
  { path: '/proc/net/tcp6', protocol: 'tcp' },
  { path: '/proc/net/udp', protocol: 'udp' },
  { path: '/proc/net/udp6', protocol: 'udp' },
] as const;
