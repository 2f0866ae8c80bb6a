/** A tiny DNS server on loopback answering PTR queries from a table, for reverse-DNS tests. */
import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';

function readName(message: Buffer, offset: number): [string, number] {
  const labels: string[] = [];
  while (message[offset] !== 0) {
    const length = message[offset];
    labels.push(message.subarray(offset + 1, offset + 1 + length).toString('ascii'));
    offset += length + 1;
  }
  return [labels.join('.'), offset + 1];
}

function encodeName(name: string): Buffer {
  return Buffer.concat([...name.split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'ascii')])), Buffer.from([0])]);
}

export interface DnsResponder {
  address: string;
  /** `127.0.0.1:<port>` for Resolver.setServers. */
  server: string;
  queries: string[];
  close(): Promise<void>;
}

/** `ptr` maps `4.3.2.1.in-addr.arpa` names to host names; names in `silent` get no answer at all. */
export async function startDnsResponder(ptr: Record<string, string>, silent: string[] = []): Promise<DnsResponder> {
  const socket: Socket = createSocket('udp4');
  const queries: string[] = [];
  socket.on('message', (message, remote) => {
    const [name, end] = readName(message, 12);
    queries.push(name);
    if (silent.includes(name)) return;
    const question = message.subarray(12, end + 4);
    const target = ptr[name.toLowerCase()];
    const header = Buffer.alloc(12);
    header.writeUInt16BE(message.readUInt16BE(0), 0);
    header.writeUInt16BE(target ? 0x8180 : 0x8183, 2); // response, recursion available, NOERROR / NXDOMAIN
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(target ? 1 : 0, 6);
    const answer = target
      ? (() => {
          const rdata = encodeName(target);
          const fixed = Buffer.alloc(12);
          fixed.writeUInt16BE(0xc00c, 0); // pointer to the question name
          fixed.writeUInt16BE(12, 2); // PTR
          fixed.writeUInt16BE(1, 4); // IN
          fixed.writeUInt32BE(60, 6);
          fixed.writeUInt16BE(rdata.length, 10);
          return Buffer.concat([fixed, rdata]);
        })()
      : Buffer.alloc(0);
    socket.send(Buffer.concat([header, question, answer]), remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address() as AddressInfo;
  return {
    address: '127.0.0.1',
    server: `127.0.0.1:${port}`,
    queries,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
}
