/**
 * Serialised replies kept for a short time: a list read by many dashboards at once is built once per
 * `maxAgeMs` and per `version` of what it shows. Keys name everything the reply depends on (URL, host, role).
 */
export class ReplyCache {
  private readonly entries = new Map<string, { at: number; version: number; body: string }>();

  constructor(private readonly maxEntries: number, private readonly maxAgeMs: number) {}

  get(key: string, version: number, now = Date.now()): string | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.version !== version || now - hit.at >= this.maxAgeMs) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.body;
  }

  set(key: string, version: number, body: string, now = Date.now()): void {
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { at: now, version, body });
  }
}
