/** An unresolved alert as the `alerts` key of the metrics object shows it. */
export interface OpenAlertSummary { title: string; host: string | null; severity: string }

/**
 * What the database-backed keys of the metrics object (metrics.md §2: `security`, `threats`, `alerts`) and the
 * Prometheus families `everyst_devices` and `everyst_alerts_open` read. The metrics module owns none of this data:
 * each method is answered by the module that does (alerts, network, security) or by the account store.
 */
export interface DashboardFacts {
  /** The newest unresolved alerts, at most `limit` (alerts). */
  openAlerts(limit: number): Promise<OpenAlertSummary[]>;
  /** Whether an alert (of `severity`, when given) is unresolved (alerts). */
  hasOpenAlert(severity?: string): Promise<boolean>;
  /** Times of the refused (`locked_out`) login attempts since `sinceIso`, newest first, at most `limit` (accounts). */
  lockoutsSince(sinceIso: string, limit: number): Promise<string[]>;
  /** The `timestamp` of the newest completed scan, null when none (network). */
  lastCompletedScan(): Promise<string | null>;
  /** Status and time (epoch ms) of the host's latest stored security snapshot (security). */
  latestSecurityStatus(host: string): Promise<{ status: string; at: number } | null>;
  /** Known network devices per status, ignored ones left out (network). */
  devicesByStatus(): Promise<Record<string, number>>;
  /** Unresolved alerts per severity, every severity present (0 when none) (alerts). */
  openAlertsBySeverity(): Promise<Record<string, number>>;
  /** Prometheus families of the monitors (monitors). */
  monitorFamilies?(): string;
}
