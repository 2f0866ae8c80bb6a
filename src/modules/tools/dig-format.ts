import type { DnsRecord } from '../../system/network/dns/dns-message.js';
import type { DnsQueryResult } from '../../system/network/dns/dns-client.js';
import { className, rcodeName, typeName } from '../../system/network/dns/dns-types.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** dig's `;; WHEN:` date, in UTC: `Sun Jul 27 10:15:30 UTC 2025`. */
export function digDate(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
  return `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${pad(date.getUTCDate())} ${time} UTC ${date.getUTCFullYear()}`;
}

function section(title: string, records: DnsRecord[]): string[] {
  if (records.length === 0) return [];
  const lines = records.map((r) => `${r.name}\t\t${r.ttl}\t${className(r.class)}\t${typeName(r.type)}\t${r.value}`);
  return [`;; ${title} SECTION:`, ...lines, ''];
}

export function digBanner(args: string): string[] {
  return [`; <<>> Everyst DNS lookup <<>> ${args}`, ';; global options: +cmd'];
}

/** The answer in dig's layout (tools.md §6.1); `args` is what follows the banner, e.g. `example.com A`. */
export function formatDig(args: string, server: string, port: number, result: DnsQueryResult, when: Date): string {
  const m = result.message;
  const flags = (['qr', 'aa', 'tc', 'rd', 'ra', 'ad', 'cd'] as const).filter((flag) => m.flags[flag]);
  const opcode = m.opcode === 0 ? 'QUERY' : `OPCODE${m.opcode}`;
  const lines = [
    ...digBanner(args),
    ';; Got answer:',
    `;; ->>HEADER<<- opcode: ${opcode}, status: ${rcodeName(m.rcode)}, id: ${m.id}`,
    `;; flags: ${flags.join(' ')}; QUERY: ${m.questions.length}, ANSWER: ${m.answers.length}, ` +
      `AUTHORITY: ${m.authority.length}, ADDITIONAL: ${m.additional.length}`,
    '',
  ];
  if (m.questions.length > 0) {
    lines.push(';; QUESTION SECTION:');
    for (const q of m.questions) lines.push(`;${q.name}\t\t\t${className(q.class)}\t${typeName(q.type)}`);
    lines.push('');
  }
  lines.push(...section('ANSWER', m.answers), ...section('AUTHORITY', m.authority), ...section('ADDITIONAL', m.additional));
  lines.push(
    `;; Query time: ${result.elapsedMs} msec`,
    `;; SERVER: ${server}#${port}(${server}) (${result.protocol})`,
    `;; WHEN: ${digDate(when)}`,
    `;; MSG SIZE  rcvd: ${result.size}`,
  );
  return lines.join('\n');
}
