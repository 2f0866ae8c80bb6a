/** A maintenance window (monitoring.md §3) as written by a caller. */
export interface MaintenanceValues {
  title: string;
  description: string;
  monitors: string[];
  all_monitors: boolean;
  starts_at: string | null;
  ends_at: string | null;
  recurrence: { rrule: string; duration_s: number; timezone: string } | null;
}

export interface StoredWindow extends MaintenanceValues {
  id: string;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}
