import type { RouteDef } from '../http/routes.js';
import type { JobOptions } from '../jobs/scheduler.js';
import type { ConnectHook } from '../realtime/gateway.js';
import type { EventHandler } from '../realtime/socket-rpc.js';

/** A periodic job of a module; the scheduler starts it one interval after listen(), never at start. */
export interface JobDef extends JobOptions {
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
}

/**
 * What a domain module contributes to the application. Each module exports one factory,
 * `create<Name>Module(deps)`, whose typed `deps` name exactly what it uses (other modules' public services, the
 * database, the bus, config slices); app.ts composes the modules in dependency order and registers every part.
 * Cross-module reactions go over typed bus events (realtime/bus.ts), never through setters.
 */
export interface Module<Service = undefined> {
  /** The module's public service: the only thing other modules may use of it. */
  readonly service: Service;
  readonly routes?: readonly RouteDef[];
  /** Client → server Socket.IO events, by name. */
  readonly socketEvents?: Readonly<Record<string, EventHandler>>;
  /** Runs for every accepted socket after it joined its rooms. */
  readonly onSocketConnect?: ConnectHook;
  readonly jobs?: readonly JobDef[];
  /** Before the first request is answered. */
  readonly onReady?: () => Promise<void>;
  /** On shutdown, in reverse order of composition, while sockets still listen. */
  readonly onClose?: () => Promise<void> | void;
}
