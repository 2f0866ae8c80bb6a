import type { NetworkInterfaceInfo } from 'node:os';

type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

const url = (scheme: string, host: string, port: number) => `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}`;

/**
 * The addresses a person can open for a server bound to `address` (what the listening socket reports): that
 * address itself, or for a wildcard bind (`::`, `0.0.0.0`) loopback and each address of the machine's
 * interfaces (IPv6 ones only when bound to `::`; link-local ones left out, they need a zone to be opened).
 */
export function listenUrls(address: string, port: number, tls: boolean, interfaces: Interfaces): string[] {
  const scheme = tls ? 'https' : 'http';
  if (address !== '::' && address !== '0.0.0.0') return [url(scheme, address, port)];
  const hosts = ['127.0.0.1'];
  for (const list of Object.values(interfaces)) {
    for (const info of list ?? []) {
      if (info.internal) continue;
      if (info.family === 'IPv4') hosts.push(info.address);
      else if (address === '::' && !/^fe[89ab]/i.test(info.address)) hosts.push(info.address);
    }
  }
  // IPv4 first, each once.
  return [...new Set(hosts)].sort((a, b) => Number(a.includes(':')) - Number(b.includes(':'))).map((h) => url(scheme, h, port));
}

export interface BannerInfo {
  version: string;
  urls: string[];
  dataDir: string;
  /** e.g. `SQLite (/srv/everyst/everyst.sqlite3)`. */
  database: string;
  noAccountYet: boolean;
}

/** What a person at a terminal sees once the server listens. */
export function startBanner(info: BannerInfo, color: boolean): string {
  const bold = (t: string) => (color ? `\u001b[1m${t}\u001b[0m` : t);
  const [first, ...others] = info.urls;
  const lines = [
    '',
    bold(`  Everyst ${info.version} is running`),
    `  Open:      ${first ?? ''}`,
    ...others.map((u) => `             ${u}`),
    `  Data:      ${info.dataDir}`,
    `  Database:  ${info.database}`,
  ];
  if (info.noAccountYet && first) lines.push('', bold(`  No account yet: open ${first} to create the owner.`));
  lines.push('  Stop with Ctrl-C.', '');
  return lines.join('\n') + '\n';
}
