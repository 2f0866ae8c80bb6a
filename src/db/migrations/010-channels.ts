import { Table, createIndex, type Dialect } from '../ddl.js';

const USERS = 'users(id)';

/** Columns of `deliveries` as 004 made them, then the channel columns this migration adds. */
function deliveriesTable(name: string): Table {
  return new Table(name)
    .uuid('id', { primaryKey: true })
    .uuid('notification_id', { nullable: true, references: 'notifications(id)', onDelete: 'SET NULL' })
    // `email`, `webhook` (integration webhooks) or a channel kind; checked by the code, so a new kind needs no migration.
    .text('channel', 20)
    .text('recipient', 2048)
    .uuid('webhook_id', { nullable: true, references: 'webhooks(id)', onDelete: 'CASCADE' })
    .json('payload')
    .text('status', 10, { default: 'pending', oneOf: ['pending', 'sending', 'delivered', 'failed'] })
    .int('attempts', { default: 0 })
    .ts('next_attempt_at', { nullable: true })
    .text('locked_by', 100, { nullable: true })
    .ts('locked_until', { nullable: true })
    .text('last_error', undefined, { nullable: true })
    .ts('delivered_at', { nullable: true })
    .timestamps()
    .uuid('channel_id', { nullable: true, references: 'channels(id)', onDelete: 'CASCADE' })
    .text('event', 40, { nullable: true })
    .text('dedup_key', 64, { nullable: true })
    // Order of the deliveries of one channel: they leave in this order, one after the other.
    .bigint('seq', { default: 0 });
}

const OLD_COLUMNS = 'id, notification_id, channel, recipient, webhook_id, payload, status, attempts, next_attempt_at, locked_by, '
  + 'locked_until, last_error, delivered_at, created_at, updated_at';

/**
 * Notification channels (monitoring.md §5): the `channels` table, deliveries that name their channel and event,
 * and alert rules that name their channels. SQLite cannot drop the CHECK on `deliveries.channel`, so it rebuilds
 * the table (nothing references it); PostgreSQL alters it in place.
 */
export function channels(d: Dialect): string[] {
  const channelsTable = new Table('channels')
    .uuid('id', { primaryKey: true })
    .text('name', 100)
    .text('name_normalized', 100, { unique: true })
    .text('kind', 20)
    .json('config', { default: {} })
    .text('secrets_encrypted', undefined, { nullable: true })
    .bool('enabled', { default: true })
    .json('events', { default: [] })
    .text('min_severity', 10, { default: 'info', oneOf: ['info', 'warning', 'error'] })
    .ts('last_delivery_at', { nullable: true })
    .text('last_status', 10, { nullable: true })
    .bigint('created_by', { nullable: true, references: USERS, onDelete: 'SET NULL' })
    .timestamps();

  const deliveries = d === 'postgres'
    ? [
      'ALTER TABLE deliveries DROP CONSTRAINT IF EXISTS deliveries_channel_check',
      'ALTER TABLE deliveries ALTER COLUMN channel TYPE varchar(20)',
      'ALTER TABLE deliveries ADD COLUMN channel_id uuid NULL REFERENCES channels(id) ON DELETE CASCADE',
      'ALTER TABLE deliveries ADD COLUMN event varchar(40) NULL',
      'ALTER TABLE deliveries ADD COLUMN dedup_key varchar(64) NULL',
      'ALTER TABLE deliveries ADD COLUMN seq bigint NOT NULL DEFAULT 0',
    ]
    : [
      deliveriesTable('deliveries_rebuilt').render(d),
      `INSERT INTO deliveries_rebuilt (${OLD_COLUMNS}) SELECT ${OLD_COLUMNS} FROM deliveries`,
      'DROP TABLE deliveries',
      'ALTER TABLE deliveries_rebuilt RENAME TO deliveries',
      createIndex('deliveries', ['status', 'next_attempt_at']),
    ];

  const ruleChannels = d === 'postgres'
    ? "ALTER TABLE alert_rules ADD COLUMN channels jsonb NOT NULL DEFAULT '[]'::jsonb"
    : "ALTER TABLE alert_rules ADD COLUMN channels TEXT NOT NULL DEFAULT '[]'";

  return [
    channelsTable.render(d),
    ...deliveries,
    createIndex('deliveries', ['channel_id', 'status', 'seq']),
    createIndex('deliveries', ['channel_id', 'dedup_key', 'created_at']),
    ruleChannels,
  ];
}
