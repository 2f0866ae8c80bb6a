import { Table, createIndex, type Dialect } from '../ddl.js';

const USERS = 'users(id)';
const TYPES = ['info', 'success', 'warning', 'error'];

export function notifications(d: Dialect): string[] {
  const isSystem = d === 'postgres' ? 'CASE WHEN is_system THEN 1 ELSE 0 END' : 'is_system';
  const notification = new Table('notifications')
    .uuid('id', { primaryKey: true })
    .bigint('user_id', { nullable: true, references: USERS, onDelete: 'CASCADE' })
    .text('target_role', 20, { nullable: true, references: 'roles(name)', onUpdate: 'CASCADE', onDelete: 'CASCADE' })
    .bool('is_system', { default: false })
    .text('title', 200)
    .text('message', undefined, { nullable: true })
    .text('type', 10, { default: 'info', oneOf: TYPES })
    .text('source', 100, { default: 'system' })
    .bigint('created_by', { nullable: true, references: USERS, onDelete: 'SET NULL' })
    .ts('timestamp')
    .timestamps()
    .check(`(CASE WHEN user_id IS NULL THEN 0 ELSE 1 END) + (CASE WHEN target_role IS NULL THEN 0 ELSE 1 END) + ${isSystem} = 1`);

  const receipts = new Table('notification_receipts')
    .uuid('notification_id', { references: 'notifications(id)', onDelete: 'CASCADE' })
    .bigint('user_id', { references: USERS, onDelete: 'CASCADE' })
    .ts('read_at', { nullable: true })
    .ts('dismissed_at', { nullable: true })
    .primaryKey('notification_id', 'user_id');

  const preferences = new Table('notification_preferences')
    .bigint('user_id', { primaryKey: true, references: USERS, onDelete: 'CASCADE' })
    .bool('email_enabled', { default: false })
    .text('email_min_type', 10, { default: 'warning', oneOf: ['info', 'warning', 'error'] })
    .ts('updated_at');

  const webhooks = new Table('webhooks')
    .uuid('id', { primaryKey: true })
    .text('name', 100)
    .text('url', 2048)
    .text('secret_encrypted')
    .bool('enabled', { default: true })
    .text('min_type', 10, { default: 'info', oneOf: TYPES })
    .json('sources', { nullable: true })
    .ts('last_delivery_at', { nullable: true })
    .text('last_status', 10, { nullable: true, oneOf: ['delivered', 'failed'] })
    .bigint('created_by', { nullable: true, references: USERS, onDelete: 'SET NULL' })
    .timestamps();

  const smtp = new Table('smtp_settings')
    .int('id', { primaryKey: true, default: 1 })
    .bool('enabled', { default: true })
    .text('host', 255)
    .int('port', { default: 587 })
    .text('username', 255, { nullable: true })
    .text('password_encrypted', undefined, { nullable: true })
    .text('security', 10, { default: 'starttls', oneOf: ['starttls', 'tls', 'none'] })
    .text('from_email', 254)
    .text('from_name', 100, { default: 'Everyst' })
    .ts('last_tested_at', { nullable: true })
    .bool('last_test_ok', { nullable: true })
    .bigint('updated_by', { nullable: true, references: USERS, onDelete: 'SET NULL' })
    .ts('updated_at')
    .check('id = 1');

  const deliveries = new Table('deliveries')
    .uuid('id', { primaryKey: true })
    .uuid('notification_id', { nullable: true, references: 'notifications(id)', onDelete: 'SET NULL' })
    .text('channel', 10, { oneOf: ['email', 'webhook'] })
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
    .timestamps();

  const jobLocks = new Table('job_locks')
    .text('name', 100, { primaryKey: true })
    .text('locked_by', 100)
    .ts('locked_until')
    .ts('updated_at');

  return [
    notification.render(d),
    createIndex('notifications', ['user_id', 'timestamp']),
    createIndex('notifications', ['target_role', 'timestamp']),
    createIndex('notifications', ['is_system', 'timestamp']),
    receipts.render(d),
    createIndex('notification_receipts', ['user_id']),
    preferences.render(d),
    webhooks.render(d),
    smtp.render(d),
    deliveries.render(d),
    createIndex('deliveries', ['status', 'next_attempt_at']),
    jobLocks.render(d),
  ];
}
