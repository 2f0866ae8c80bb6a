import type { Generated } from 'kysely';

/**
 * Row types as the drivers return them. Booleans are 0/1 on SQLite and true/false on PostgreSQL, json is
 * text on SQLite and parsed on PostgreSQL: repositories normalise with `values.ts` (bool, json).
 * Timestamps are ISO strings on both (PostgreSQL's parser is set in database.ts).
 */
type Bool = boolean | number;
type Json = unknown;
type Ts = string;

export interface RolesTable {
  name: string; display_name: string; description: string; priority: number;
  can_manage_users: Bool; can_manage_system: Bool; can_manage_network: Bool; can_view_all_data: Bool; can_run_tools: Bool; can_manage_monitors: Bool;
  is_builtin: Bool; created_at: Ts; updated_at: Ts;
}

export interface UsersTable {
  id: Generated<number>; username: string; username_normalized: string; email: string; email_normalized: string;
  password_hash: string; first_name: string; last_name: string; is_active: Bool; role_name: string;
  profile_image_path: string | null; profile_image_type: string | null; profile_image_updated_at: Ts | null;
  date_joined: Ts; last_login: Ts | null; last_login_ip: string | null; password_changed_at: Ts; created_at: Ts; updated_at: Ts;
}

export interface PasswordHistoryTable { id: Generated<number>; user_id: number; password_hash: string; created_at: Ts }

export interface SessionsTable {
  id: string; user_id: number; refresh_jti: string; created_at: Ts; last_used_at: Ts; expires_at: Ts;
  revoked_at: Ts | null; revoked_reason: string | null; ip_address: string | null; user_agent: string | null;
}

export interface LoginAttemptsTable {
  id: Generated<number>; username: string; username_normalized: string; ip_address: string | null; user_agent: string | null;
  timestamp: Ts; was_successful: Bool; outcome: string;
}

export interface LoginLockoutResetsTable { user_id: number; cleared_at: Ts }

export interface NetworkDevicesTable {
  id: string; label: string; type: string; ip: string | null; mac: string | null; hostname: string | null;
  hostname_source: string | null; vendor: string | null; mac_randomized: Bool; status: string; first_seen: Ts; last_seen: Ts;
  missed_scans: number; is_ignored: Bool; is_manually_added: Bool; pinned_fields: Json; tags: Json; metadata: Json;
  created_at: Ts; updated_at: Ts; reviewed: Bool; group_names: Json;
}

export interface NetworkDevicePresenceTable { id: Generated<number>; device_id: string; status: string; started_at: Ts; ended_at: Ts | null }

export interface NetworkDeviceChangesTable {
  id: Generated<number>; device_id: string; field: string; old_value: string | null; new_value: string | null; source: string;
  scan_id: string | null; changed_at: Ts;
}

export interface NetworkScanSchedulesTable {
  id: string; name: string; name_normalized: string; ip_range: string; scan_type: string; every_minutes: number | null;
  rrule: string | null; timezone: string; enabled: Bool; last_run_at: Ts | null; next_run_at: Ts | null; last_scan_id: string | null;
  last_error: string | null; created_at: Ts; updated_at: Ts;
}

export interface NetworkConnectionsTable {
  id: string; source_id: string; target_id: string; pair_key: string; label: string | null; type: string; status: string;
  bandwidth: number | null; latency: number | null; packet_loss: number | null; traffic: number | null; metadata: Json;
  inferred: Bool; evidence: Json; confidence: number; created_at: Ts; updated_at: Ts;
}

export interface ConnectionSuppressionsTable { device_a_id: string; device_b_id: string; created_at: Ts; created_by: number | null }

export interface NetworkScansTable {
  id: string; job_id: string; timestamp: Ts; status: string; scan_type: string; ip_range: string | null; targets: Json;
  target_set_key: string; target_device_id: string | null; options: Json; progress: number; phase: string;
  discovered_devices: number; new_devices: number; offline_devices: number; duration: number | null;
  started_at: Ts | null; finished_at: Ts | null; error_message: string | null; warning: string | null; scan_method: string;
  started_by: number | null; worker: string | null; created_at: Ts; updated_at: Ts;
}

export interface NetworkScanDevicesTable {
  scan_id: string; device_id: string; observed: Bool; observed_ip: string | null; is_new: Bool; went_offline: Bool;
}

export interface SystemMetricsTable {
  id: Generated<number>; host: string; resolution: string; timestamp: Ts;
  cpu_usage: number; memory_usage: number; disk_usage: number; swap_usage: number; network_rx: number; network_tx: number;
  load_1: number; process_count: number; cpu_temperature: number | null; memory_used_bytes: number;
  disk_read_bytes_per_sec: number; disk_write_bytes_per_sec: number;
  cpu_usage_max: number | null; memory_usage_max: number | null; network_rx_max: number | null; network_tx_max: number | null;
  load_1_max: number | null; cpu_temperature_max: number | null; sample_count: number; created_at: Ts;
}

export interface AlertRulesTable {
  id: string; name: string; metric: string; target: string | null; warning_threshold: number | null; critical_threshold: number | null;
  duration_seconds: number; hysteresis: number; cooldown_seconds: number; enabled: Bool; notify: Bool; is_builtin: Bool;
  created_by: number | null; created_at: Ts; updated_at: Ts; channels: Json; hosts: Json;
}

export interface AlertsTable {
  id: string; timestamp: Ts; title: string; message: string; severity: string; status: string; source: string;
  rule_id: string | null; instance_key: string | null; host: string | null; metric: string | null; target: string | null;
  value: number | null; threshold: number | null; peak_value: number | null; resolved_value: number | null;
  acknowledged_by: number | null; acknowledged_at: Ts | null; resolved_at: Ts | null; created_at: Ts; updated_at: Ts;
}

export interface SecuritySnapshotsTable {
  id: string; timestamp: Ts; host: string; score: number; status: string; checks: Json; listening: Json;
}

export interface NotificationsTable {
  id: string; user_id: number | null; target_role: string | null; is_system: Bool; title: string; message: string | null;
  type: string; source: string; created_by: number | null; timestamp: Ts; created_at: Ts; updated_at: Ts;
}

export interface NotificationReceiptsTable { notification_id: string; user_id: number; read_at: Ts | null; dismissed_at: Ts | null }

export interface NotificationPreferencesTable { user_id: number; email_enabled: Bool; email_min_type: string; updated_at: Ts }

export interface WebhooksTable {
  id: string; name: string; url: string; secret_encrypted: string; enabled: Bool; min_type: string; sources: Json;
  last_delivery_at: Ts | null; last_status: string | null; created_by: number | null; created_at: Ts; updated_at: Ts;
}

export interface SmtpSettingsTable {
  id: number; enabled: Bool; host: string; port: number; username: string | null; password_encrypted: string | null;
  security: string; from_email: string; from_name: string; last_tested_at: Ts | null; last_test_ok: Bool | null;
  updated_by: number | null; updated_at: Ts;
}

export interface DeliveriesTable {
  id: string; notification_id: string | null; channel: string; recipient: string; webhook_id: string | null; payload: Json;
  status: string; attempts: number; next_attempt_at: Ts | null; locked_by: string | null; locked_until: Ts | null;
  last_error: string | null; delivered_at: Ts | null; created_at: Ts; updated_at: Ts;
  channel_id: string | null; event: string | null; dedup_key: string | null; seq: Generated<number>;
}

export interface ChannelsTable {
  id: string; name: string; name_normalized: string; kind: string; config: Json; secrets_encrypted: string | null;
  enabled: Bool; events: Json; min_severity: string; last_delivery_at: Ts | null; last_status: string | null;
  created_by: number | null; created_at: Ts; updated_at: Ts;
}

export interface JobLocksTable { name: string; locked_by: string; locked_until: Ts; updated_at: Ts }
/** Bumped by triggers on every change of a domain's tables (migration 005). */
export interface ChangeCountersTable { name: string; value: number }

export interface MonitorsTable {
  id: string; name: string; name_normalized: string; type: string; target: string | null; port: number | null;
  interval_s: number; timeout_s: number; retries: number; retry_interval_s: number; resend_every: number;
  http: Json | null; http_password_encrypted: string | null; keyword: string | null; invert_keyword: Bool;
  json_path: string | null; expected_value: string | null; dns: Json | null; tls_expiry_days: number;
  device_id: string | null; push_token: string | null; tags: Json; channels: Json; active: Bool; status: string;
  status_since: Ts | null; failures: number; down_checks: number; last_checked_at: Ts | null; last_response_ms: number | null;
  last_message: string; cert_expires_at: Ts | null; last_push_at: Ts | null; created_by: number | null; created_at: Ts; updated_at: Ts;
}

export interface MaintenanceWindowsTable {
  id: string; title: string; description: string; monitors: Json; all_monitors: Bool; starts_at: Ts | null; ends_at: Ts | null;
  recurrence: Json | null; created_by: number | null; created_at: Ts; updated_at: Ts;
}

export interface StatusPagesTable {
  id: string; slug: string; title: string; description: string; monitors: Json; published: Bool; show_response_times: Bool;
  footer: string; created_by: number | null; created_at: Ts; updated_at: Ts;
}

export interface MonitorHeartbeatsTable {
  id: Generated<number>; monitor_id: string; time: Ts; status: string; response_ms: number | null; message: string; important: Bool;
}

/** monitor_minutes, monitor_hours and monitor_days: one row per monitor and bucket; h0…h15 the response histogram. */
export interface MonitorAggregatesTable {
  monitor_id: string; bucket: Ts; up: number; down: number; pending: number; maintenance: number;
  rt_sum: number; rt_count: number; rt_max: number | null;
  h0: number; h1: number; h2: number; h3: number; h4: number; h5: number; h6: number; h7: number;
  h8: number; h9: number; h10: number; h11: number; h12: number; h13: number; h14: number; h15: number;
}

export interface MonitorIncidentsTable { id: string; monitor_id: string; started_at: Ts; ended_at: Ts | null; message: string }

export interface AgentsTable {
  id: string; name: string; name_normalized: string; hostname: string; token_hash: string | null; online: Bool;
  last_seen_at: Ts | null; last_sample_at: Ts | null; last_sample: Json | null; version: string; os: string; tags: Json;
  created_by: number | null; created_at: Ts; updated_at: Ts;
}

export interface DB {
  roles: RolesTable;
  users: UsersTable;
  password_history: PasswordHistoryTable;
  sessions: SessionsTable;
  login_attempts: LoginAttemptsTable;
  login_lockout_resets: LoginLockoutResetsTable;
  network_devices: NetworkDevicesTable;
  network_connections: NetworkConnectionsTable;
  connection_suppressions: ConnectionSuppressionsTable;
  network_scans: NetworkScansTable;
  network_scan_devices: NetworkScanDevicesTable;
  network_device_presence: NetworkDevicePresenceTable;
  network_device_changes: NetworkDeviceChangesTable;
  network_scan_schedules: NetworkScanSchedulesTable;
  system_metrics: SystemMetricsTable;
  alert_rules: AlertRulesTable;
  alerts: AlertsTable;
  security_snapshots: SecuritySnapshotsTable;
  notifications: NotificationsTable;
  notification_receipts: NotificationReceiptsTable;
  notification_preferences: NotificationPreferencesTable;
  webhooks: WebhooksTable;
  smtp_settings: SmtpSettingsTable;
  deliveries: DeliveriesTable;
  channels: ChannelsTable;
  job_locks: JobLocksTable;
  change_counters: ChangeCountersTable;
  monitors: MonitorsTable;
  maintenance_windows: MaintenanceWindowsTable;
  status_pages: StatusPagesTable;
  monitor_heartbeats: MonitorHeartbeatsTable;
  monitor_minutes: MonitorAggregatesTable;
  monitor_hours: MonitorAggregatesTable;
  monitor_days: MonitorAggregatesTable;
  monitor_incidents: MonitorIncidentsTable;
  agents: AgentsTable;
}
