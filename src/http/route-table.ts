/**
 * Path matching rules of spec README §Path matching: every route lives under /api/ and /api/v1/, and `-`/`_`
 * are interchangeable in fixed segments. A route is registered once per spelling; only the canonical one
 * (under /api/, as the spec writes it) appears in the OpenAPI document.
 */
export const API_PREFIXES = ['/api', '/api/v1'] as const;

/** All spellings of a relative path like `users/:id/change-password` (without prefix). */
export function spellings(path: string): string[] {
  const segments = path.split('/').filter(Boolean);
  let variants: string[][] = [[]];
  for (const segment of segments) {
    const options = segment.startsWith(':') || !/[-_]/.test(segment)
      ? [segment]
      : [...new Set([segment, segment.replace(/_/g, '-'), segment.replace(/-/g, '_')])];
    variants = variants.flatMap((prefix) => options.map((o) => [...prefix, o]));
  }
  return variants.map((v) => v.join('/'));
}

export function fullPaths(path: string): Array<{ url: string; canonical: boolean }> {
  const out: Array<{ url: string; canonical: boolean }> = [];
  for (const prefix of API_PREFIXES) {
    for (const spelling of spellings(path)) {
      const url = spelling ? `${prefix}/${spelling}` : `${prefix}/`;
      out.push({ url, canonical: prefix === '/api' && spelling === path.replace(/^\/|\/$/g, '') });
    }
  }
  return out;
}

/** Known paths and their methods, to answer 405 with `Allow` and OPTIONS without CORS. */
export class RouteTable {
  private readonly entries: Array<{ pattern: RegExp; methods: Set<string> }> = [];
  private readonly byPath = new Map<string, Set<string>>();

  add(url: string, method: string): void {
    let methods = this.byPath.get(url);
    if (!methods) {
      methods = new Set();
      this.byPath.set(url, methods);
      const source = url
        .replace(/\/$/, '')
        .split('/')
        .map((s) => (s.startsWith(':') ? '[^/]+' : s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
        .join('/');
      this.entries.push({ pattern: new RegExp(`^${source}/?$`), methods });
    }
    methods.add(method);
    if (method === 'GET') methods.add('HEAD');
  }

  /**
   * Methods of the route without path parameters registered for exactly this path, or null. Such a route
   * shadows parametric ones (`notifications/preferences` vs `notifications/:id`), as in the router.
   */
  fixedMethods(path: string): string[] | null {
    const clean = path.split('?')[0].replace(/(.)\/$/, '$1');
    if (clean.includes(':')) return null;
    const methods = this.byPath.get(clean) ?? this.byPath.get(`${clean}/`);
    return methods ? [...methods] : null;
  }

  /** Methods allowed on a concrete path, or an empty list when no route matches it. */
  allowed(path: string): string[] {
    const clean = path.split('?')[0];
    const fixed = this.fixedMethods(clean);
    const found = new Set<string>(fixed ?? []);
    if (!fixed) for (const e of this.entries) if (e.pattern.test(clean)) e.methods.forEach((m) => found.add(m));
    if (found.size) found.add('OPTIONS');
    const order = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
    return order.filter((m) => found.has(m));
  }
}
