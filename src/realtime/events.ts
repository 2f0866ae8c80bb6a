/**
 * Server → client Socket.IO events (docs/events.md lists each with its payload and audience). Services name them
 * through the bus (`bus.toClients`); only this map says which names exist.
 */
export interface ServerEvents {
  /** A notification was created for the socket's user, role or everyone. */
  notification: unknown;
  /** An alert was raised, changed or resolved. */
  alert: unknown;
  /** Progress and end of a scan. */
  scan_progress: unknown;
  /** One device was created or changed. */
  device_updated: unknown;
  /** Devices changed (after a scan or an edit): clients reload their lists. */
  network_update: unknown;
  network_map_updated: unknown;
  network_topology_update: unknown;
  /** The socket's session ended (logout, password change, deactivation). */
  session_revoked: { detail: string; reason: string };
  /** A live metrics sample for this socket's subscription. */
  metrics_update: unknown;
  /** A monitor's heartbeat, to sockets that emitted `subscribe_monitors` (monitoring.md §2.5). */
  monitor_heartbeat: unknown;
  /** A monitor changed status. */
  monitor_status: unknown;
  /** A monitor was created, changed or deleted. */
  monitor_list_update: unknown;
  /** An agent came online or went offline (monitoring.md §6). */
  agent_status: { agent_id: string; name: string; online: boolean };
  /** Output lines of a live tool run, to the socket that started it. */
  tool_output: { run_id: string; lines: string[]; elapsed_ms: number };
  /** The end of a live tool run: the REST route's 200 body. */
  tool_done: { run_id: string; result: unknown };
}

export type ServerEventName = keyof ServerEvents;
