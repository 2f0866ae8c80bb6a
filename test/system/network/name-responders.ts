/** Plain-JS responders run inside test namespaces with `node -e` (they cannot import TypeScript). */

/** argv: interface address, reverse name to answer, host name. Answers legacy (unicast) mDNS PTR queries. */
export const MDNS_RESPONDER = `
const dgram = require('node:dgram');
const [ifaceAddress, reverse, hostName] = process.argv.slice(1);
const encode = (n) => Buffer.concat([...n.split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])), Buffer.from([0])]);
const socket = dgram.createSocket({ type: 'udp4', reuseAddr: true });
socket.on('message', (msg, remote) => {
  let o = 12; const labels = [];
  while (msg[o] !== 0) { labels.push(msg.subarray(o + 1, o + 1 + msg[o]).toString()); o += msg[o] + 1; }
  if (labels.join('.').toLowerCase() !== reverse) return;
  const header = Buffer.alloc(12);
  header.writeUInt16BE(msg.readUInt16BE(0), 0); header.writeUInt16BE(0x8400, 2);
  header.writeUInt16BE(1, 4); header.writeUInt16BE(1, 6);
  const rdata = encode(hostName);
  const rr = Buffer.alloc(12);
  rr.writeUInt16BE(0xc00c, 0); rr.writeUInt16BE(12, 2); rr.writeUInt16BE(1, 4); rr.writeUInt32BE(120, 6); rr.writeUInt16BE(rdata.length, 10);
  socket.send(Buffer.concat([header, msg.subarray(12, o + 5), rr, rdata]), remote.port, remote.address);
});
socket.bind(5353, () => { socket.addMembership('224.0.0.251', ifaceAddress); console.log('ready'); });
`;

/** argv: unique name. Answers NetBIOS node-status queries with a group name first, then the unique name. */
export const NETBIOS_RESPONDER = `
const dgram = require('node:dgram');
const [uniqueName] = process.argv.slice(1);
const entry = (name, suffix, flags) => {
  const b = Buffer.alloc(18, 0x20); b.write(name, 0, 'latin1'); b[15] = suffix; b.writeUInt16BE(flags, 16); return b;
};
const socket = dgram.createSocket('udp4');
socket.on('message', (msg, remote) => {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(msg.readUInt16BE(0), 0); header.writeUInt16BE(0x8400, 2); header.writeUInt16BE(1, 6);
  const rdata = Buffer.concat([Buffer.from([3]), entry('WORKGROUP', 0x00, 0x8400), entry(uniqueName, 0x20, 0x0400),
    entry(uniqueName, 0x00, 0x0400), Buffer.alloc(46)]);
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(0x21, 0); fixed.writeUInt16BE(1, 2); fixed.writeUInt32BE(0, 4); fixed.writeUInt16BE(rdata.length, 8);
  socket.send(Buffer.concat([header, msg.subarray(12, 12 + 34), fixed, rdata]), remote.port, remote.address);
});
socket.bind(137, () => console.log('ready'));
`;
