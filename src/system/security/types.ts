/** Shapes of the host security status (spec security.md §1, models.md §4.4). */

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'unknown';
export type SnapshotStatus = 'success' | 'warning' | 'error';

export interface SecurityCheck {
  id: string;
  title: string;
  status: CheckStatus;
  /** One line, safe to show to every user. */
  detail: string;
  /** What was read; shown only to holders of `can_view_all_data`. */
  evidence: Record<string, unknown>;
}

export interface Listener {
  protocol: 'tcp' | 'udp';
  address: string;
  port: number;
  /** Command name of the owning process, null when /proc/<pid>/fd could not be read. */
  process: string | null;
}

export interface SecuritySnapshot {
  score: number;
  status: SnapshotStatus;
  checks: SecurityCheck[];
  listening: Listener[];
}

export interface AdminAccount {
  username: string;
  role: string;
  lastLogin: Date | null;
  dateJoined: Date;
}

/**
 * Everyst settings and database facts the checks need, passed in as plain values
 * (this module reads no configuration and no database).
 */
export interface SecurityContext {
  /** `API_HOST`: an IP address or `localhost`. */
  apiHost: string;
  /** `API_PORT`: the port Everyst listens on. */
  apiPort: number;
  /** Process id of the Everyst server (its listeners are expected). */
  everystPid: number;
  /** `TLS_CERT_FILE` (with its key) is set. */
  tlsEnabled: boolean;
  trustProxy: boolean;
  debug: boolean;
  corsAllowAllOrigins: boolean;
  corsAllowedOrigins: readonly string[];
  /** Failed login attempts in the last 24 hours; null when unknown. */
  failedLogins24h: number | null;
  /** Username + address keys locked out right now; null when unknown. */
  activeLockouts: number | null;
  /** Active users whose role is owner or admin; null when unknown. */
  adminAccounts: readonly AdminAccount[] | null;
  /** Reference time; defaults to the current time. */
  now?: Date;
}

/** One readable view of the host file system: null means "could not be read", never an exception. */
export interface FileReader {
  readFile(path: string): Promise<string | null>;
  readDir(path: string): Promise<string[] | null>;
  /** Target of a symbolic link (used for /proc/<pid>/fd/<n> → `socket:[inode]`). */
  readLink(path: string): Promise<string | null>;
}
