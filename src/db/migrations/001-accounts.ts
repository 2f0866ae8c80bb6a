import { Table, createIndex, type Dialect } from '../ddl.js';
import { BUILTIN_ROLES } from '../seeds.js';

const USERS = 'users(id)';

export function accounts(d: Dialect): string[] {
  const roles = new Table('roles')
    .text('name', 20, { primaryKey: true })
    .text('display_name', 50)
    .text('description', 255, { default: '' })
    .int('priority', { unique: true })
    .bool('can_manage_users', { default: false })
    .bool('can_manage_system', { default: false })
    .bool('can_manage_network', { default: false })
    .bool('can_view_all_data', { default: false })
    .bool('can_run_tools', { default: false })
    .bool('is_builtin', { default: false })
    .timestamps();

  const users = new Table('users')
    .serial('id')
    .text('username', 30)
    .text('username_normalized', 30, { unique: true })
    .text('email', 254)
    .text('email_normalized', 254, { unique: true })
    .text('password_hash', 255)
    .text('first_name', 150, { default: '' })
    .text('last_name', 150, { default: '' })
    .bool('is_active', { default: true })
    .text('role_name', 20, { default: 'user', references: 'roles(name)', onUpdate: 'CASCADE', onDelete: 'RESTRICT' })
    .text('profile_image_path', 255, { nullable: true })
    .text('profile_image_type', 20, { nullable: true, oneOf: ['image/png', 'image/jpeg', 'image/webp'] })
    .ts('profile_image_updated_at', { nullable: true })
    .ts('date_joined')
    .ts('last_login', { nullable: true })
    .text('last_login_ip', 45, { nullable: true })
    .ts('password_changed_at')
    .timestamps();

  const passwordHistory = new Table('password_history')
    .serial('id')
    .bigint('user_id', { references: USERS, onDelete: 'CASCADE' })
    .text('password_hash', 255)
    .ts('created_at');

  const sessions = new Table('sessions')
    .uuid('id', { primaryKey: true })
    .bigint('user_id', { references: USERS, onDelete: 'CASCADE' })
    .text('refresh_jti', 32, { unique: true })
    .ts('created_at')
    .ts('last_used_at')
    .ts('expires_at')
    .ts('revoked_at', { nullable: true })
    .text('revoked_reason', 30, { nullable: true, oneOf: ['logout', 'logout_all', 'password_changed', 'session_revoked', 'user_deactivated'] })
    .text('ip_address', 45, { nullable: true })
    .text('user_agent', 512, { nullable: true });

  const loginAttempts = new Table('login_attempts')
    .serial('id')
    .text('username', 255)
    .text('username_normalized', 255)
    .text('ip_address', 45, { nullable: true })
    .text('user_agent', 512, { nullable: true })
    .ts('timestamp')
    .bool('was_successful')
    .text('outcome', 20, { oneOf: ['success', 'invalid_credentials', 'inactive', 'locked_out', 'invalid_request'] });

  return [
    roles.render(d),
    ...BUILTIN_ROLES.map((r) => r.insertSql(d)),
    users.render(d),
    createIndex('users', ['role_name']),
    createIndex('users', ['role_name'], { unique: true, where: "role_name = 'owner'", name: 'users_single_owner_uniq' }),
    passwordHistory.render(d),
    createIndex('password_history', ['user_id', 'created_at']),
    sessions.render(d),
    createIndex('sessions', ['user_id']),
    createIndex('sessions', ['expires_at']),
    loginAttempts.render(d),
    createIndex('login_attempts', ['username_normalized', 'ip_address', 'timestamp']),
    createIndex('login_attempts', ['timestamp']),
  ];
}
