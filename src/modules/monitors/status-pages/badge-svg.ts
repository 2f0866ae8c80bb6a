/** Shields-style flat badges (monitoring.md §4): a grey label and a coloured value, text widths from Verdana 11 px. */

const COLORS = { green: '#4c1', red: '#e05d44', grey: '#9f9f9f', blue: '#007ec6', yellow: '#dfb317', orange: '#fe7d37' } as const;

// Advance widths of Verdana 11 px for printable ASCII (32…126), rounded to tenths.
const WIDTHS = [
  3.9, 4.3, 5.1, 9, 7, 12.3, 8, 3, 5, 5, 7, 9, 4, 5, 4, 5, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 5, 5, 9, 9, 9, 6, 11, 7.5, 7.5, 7.7,
  8.5, 7, 6.3, 8.5, 8.3, 4.6, 5, 7.6, 6.1, 9.3, 8.2, 8.7, 6.6, 8.7, 7.7, 7.5, 6.8, 8.1, 7.5, 10.9, 7.5, 6.8, 7.5, 5, 5, 5, 9, 7,
  7, 6.6, 6.8, 5.7, 6.8, 6.6, 3.9, 6.8, 7, 3, 3.8, 6.5, 3, 10.7, 7, 6.7, 6.8, 6.8, 4.7, 5.7, 4.3, 7, 6.5, 9, 6.5, 6.5, 5.8, 7, 5, 7, 9,
];

export function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    width += code >= 32 && code <= 126 ? WIDTHS[code - 32] : 7;
  }
  return width;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

export function badge(label: string, value: string, color: string): string {
  const lw = Math.round(textWidth(label) + 10);
  const vw = Math.round(textWidth(value) + 10);
  const w = lw + vw;
  const [l, v] = [escapeXml(label), escapeXml(value)];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="20" role="img" aria-label="${l}: ${v}"><title>${l}: ${v}</title>` +
    `<linearGradient id="s" x2="0" y2="100%"><stop offset="0" stop-color="#bbb" stop-opacity=".1"/><stop offset="1" stop-opacity=".1"/></linearGradient>` +
    `<clipPath id="r"><rect width="${w}" height="20" rx="3" fill="#fff"/></clipPath>` +
    `<g clip-path="url(#r)"><rect width="${lw}" height="20" fill="#555"/><rect x="${lw}" width="${vw}" height="20" fill="${color}"/><rect width="${w}" height="20" fill="url(#s)"/></g>` +
    `<g fill="#fff" text-anchor="middle" font-family="Verdana,Geneva,DejaVu Sans,sans-serif" font-size="11">` +
    `<text x="${lw / 2}" y="15" fill="#010101" fill-opacity=".3">${l}</text><text x="${lw / 2}" y="14">${l}</text>` +
    `<text x="${lw + vw / 2}" y="15" fill="#010101" fill-opacity=".3">${v}</text><text x="${lw + vw / 2}" y="14">${v}</text></g></svg>`;
}

const STATUS_COLORS: Record<string, string> = { up: COLORS.green, down: COLORS.red, pending: COLORS.yellow, maintenance: COLORS.blue, paused: COLORS.grey };

export const statusBadge = (status: string) => badge('status', status, STATUS_COLORS[status] ?? COLORS.grey);

export function uptimeBadge(ratio: number | null, window: string): string {
  if (ratio === null) return badge(`uptime ${window}`, 'no data', COLORS.grey);
  const percent = ratio * 100;
  const text = `${percent >= 99.995 ? '100' : percent.toFixed(2)}%`;
  const color = percent >= 99.9 ? COLORS.green : percent >= 99 ? '#97ca00' : percent >= 95 ? COLORS.yellow : percent >= 90 ? COLORS.orange : COLORS.red;
  return badge(`uptime ${window}`, text, color);
}
