import type { Redis } from 'ioredis';
import { ASSIGNMENTS_KEY } from './keys.js';

/**
 * Which worker owns a scan: `attempt` 1 for the first worker, 2 after a retry (scanner.md §10 allows one);
 * `runner` is the incarnation of the process that started it (null until one does). The assignment is the
 * ownership token: a worker runs a scan only while the assignment names it.
 */
export interface Assignment { worker: string; attempt: number; runner: string | null }

const encode = (a: Assignment) => JSON.stringify({ worker: a.worker, attempt: a.attempt, runner: a.runner });

// Replaces (or, with an empty replacement, deletes) the field only when it still holds the expected value.
const COMPARE_AND_SET = `
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
  if ARGV[3] == '' then redis.call('HDEL', KEYS[1], ARGV[1]) else redis.call('HSET', KEYS[1], ARGV[1], ARGV[3]) end
  return 1
end
return 0`;

export class ScanAssignments {
  constructor(private readonly redis: Redis) {}

  async get(scanId: string): Promise<Assignment | null> {
    const raw = await this.redis.hget(ASSIGNMENTS_KEY, scanId);
    return raw ? (JSON.parse(raw) as Assignment) : null;
  }

  async all(): Promise<Map<string, Assignment>> {
    const raw = await this.redis.hgetall(ASSIGNMENTS_KEY);
    return new Map(Object.entries(raw).map(([id, v]) => [id, JSON.parse(v) as Assignment]));
  }

  /** False when the scan already has an assignment. */
  async create(scanId: string, assignment: Assignment): Promise<boolean> {
    return (await this.redis.hsetnx(ASSIGNMENTS_KEY, scanId, encode(assignment))) === 1;
  }

  async replace(scanId: string, expected: Assignment, next: Assignment | null): Promise<boolean> {
    const done = await this.redis.eval(COMPARE_AND_SET, 1, ASSIGNMENTS_KEY, scanId, encode(expected), next ? encode(next) : '');
    return done === 1;
  }

  remove(scanId: string, expected: Assignment): Promise<boolean> {
    return this.replace(scanId, expected, null);
  }
}
