import { Table, createIndex, type Dialect } from '../ddl.js';

/**
 * Agents on other hosts (monitoring.md §6). The token is kept as its SHA-256 only (`token_hash`); `last_sample` is
 * the agent's newest metrics object, written a few times a minute so every instance can answer for it.
 */
export function agents(d: Dialect): string[] {
  const table = new Table('agents')
    .uuid('id', { primaryKey: true })
    .text('name', 100)
    .text('name_normalized', 100, { unique: true })
    .text('hostname', 255, { default: '' })
    .text('token_hash', 64, { nullable: true, unique: true })
    .bool('online', { default: false })
    .ts('last_seen_at', { nullable: true })
    .ts('last_sample_at', { nullable: true })
    .json('last_sample', { nullable: true })
    .text('version', 50, { default: '' })
    .text('os', 200, { default: '' })
    .json('tags', { default: [] })
    .bigint('created_by', { nullable: true, references: 'users(id)', onDelete: 'SET NULL' })
    .timestamps();
  return [table.render(d), createIndex('agents', ['online', 'last_seen_at'])];
}
