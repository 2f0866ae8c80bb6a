import type { Logger } from 'pino';
import { MissingBinaryError } from '../../system/network/binaries.js';
import { NmapError } from '../../system/network/nmap-run.js';
import { ScanTargetError } from '../../system/network/targets.js';
import type { ScanChanges } from './scans.repository.js';
import type { DevicesRepository } from './devices.repository.js';
import type { NetworkEvents } from './network-events.js';
import { presentConnection, presentDevice } from './network.presenter.js';
import { abortKind, CANCELLED_MESSAGE, ScanAbort, NO_DEVICES_WARNING, SHUTDOWN_MESSAGE, timedOutMessage, type AbortKind } from './scan-abort.js';
import type { ScanEnding, ScanLifecycle } from './scan-lifecycle.js';
import { ScanPhases, ScanWork, type Saved } from './scan-phases.js';
import { ProgressReporter } from './scan-progress.js';
import type { Scan, ScansRepository } from './scans.repository.js';

/** One scan's network_update events at most; beyond, `network_topology_update` covers the changes. */
const MAX_DEVICE_EVENTS = 25;

export interface RunnerDeps {
  phases: ScanPhases;
  scans: ScansRepository;
  devices: DevicesRepository;
  events: NetworkEvents;
  lifecycle: ScanLifecycle;
  logger: Logger;
}

/** Texts safe to show as `Scan failed: <reason>`; anything else is logged and reported generically. */
function failureReason(error: unknown, logger: Logger, scanId: string): string {
  if (error instanceof ScanTargetError || error instanceof NmapError || error instanceof MissingBinaryError) return error.message;
  logger.error({ err: error, scanId }, 'scan failed');
  return 'internal error';
}

/** Runs a claimed scan through its phases and records its outcome (scanner.md §4, §9). */
export class ScanRunner {
  constructor(private readonly deps: RunnerDeps) {}

  async run(scan: Scan, controller: AbortController): Promise<void> {
    const { signal } = controller;
    const reporter = new ProgressReporter(scan, {
      events: this.deps.events, scans: this.deps.scans, logger: this.deps.logger,
      onLost: () => controller.abort(new ScanAbort('lost')),
    });
    const work = new ScanWork();
    const firstScan = (await this.deps.devices.countAll()) === 0;
    reporter.start();

    let saved: Saved | null = null;
    let failure: string | null = null;
    try {
      saved = await this.deps.phases.run(scan, work, reporter, signal);
    } catch (error) {
      if (!signal.aborted) failure = `Scan failed: ${failureReason(error, this.deps.logger, scan.id)}`;
    }

    let stopped: AbortKind | null = saved || failure ? null : abortKind(signal);
    if (stopped === 'lost') stopped = (await this.deps.scans.find(scan.id))?.status === 'cancelled' ? 'cancelled' : 'lost';
    if (stopped && stopped !== 'lost' && stopped !== 'released') {
      try {
        saved = await this.deps.phases.saveStopped(scan, work);
      } catch (err) {
        this.deps.logger.error({ err, scanId: scan.id }, 'saving a stopped scan failed');
      }
    }

    await reporter.stop();
    // Handed to another worker, which runs it again and records its outcome.
    if (stopped === 'released') return;
    const counts = { discovered_devices: work.obs.size, new_devices: saved?.observed.created.length ?? 0, offline_devices: saved?.wentOffline.length ?? 0 };
    if (saved && !stopped && work.obs.size === 0) work.warn(NO_DEVICES_WARNING);
    const warning = work.warnings.length ? work.warnings.join('; ') : null;
    const fields: ScanChanges = { ...counts, warning, phase: reporter.state.phase, progress: reporter.state.progress };
    const ending: ScanEnding = stopped === 'cancelled' || stopped === 'lost' ? { status: 'cancelled', errorMessage: CANCELLED_MESSAGE, from: ['in-progress'], fields }
      : stopped === 'timeout' ? { status: 'failed', errorMessage: timedOutMessage(scan.options.timeout), from: ['in-progress'], fields }
      : stopped === 'shutdown' ? { status: 'interrupted', errorMessage: SHUTDOWN_MESSAGE, from: ['in-progress'], fields }
      : failure ? { status: 'failed', errorMessage: failure, from: ['in-progress'], fields }
      : { status: 'completed', errorMessage: null, from: ['in-progress'], fields: { ...fields, progress: 100, phase: 'done' } };
    // An outcome decided elsewhere (a cancel) keeps its status and only gains the counts; the run still reports it.
    await this.deps.lifecycle.finish(scan, { ...ending, keepCancelled: true }, {
      always: true,
      beforeReport: async () => {
        if (saved) await this.announce(saved);
        await reporter.settle();
      },
      devices: saved ? { created: saved.observed.created, wentOffline: saved.wentOffline, backOnline: saved.observed.backOnline, firstScan } : undefined,
      notify: stopped !== 'lost' && stopped !== 'shutdown',
    });
  }

  /** §9: network_update per changed device (≤ 25), then network_map_updated and network_topology_update. */
  private async announce(saved: Saved): Promise<void> {
    const { events } = this.deps;
    const changed = [...saved.observed.changed, ...saved.wentOffline];
    if (changed.length <= MAX_DEVICE_EVENTS) {
      const created = new Set(saved.observed.created.map((d) => d.id));
      const current = new Map((await this.deps.devices.findMany([...new Set(changed.map((d) => d.id))])).map((d) => [d.id, d]));
      for (const device of current.values()) {
        if (!device.isIgnored) events.networkUpdate(created.has(device.id) ? 'new_device' : 'device_status_change', presentDevice(device));
      }
      for (const connection of saved.connections) events.networkUpdate('new_connection', presentConnection(connection));
    }
    events.mapUpdated();
    await events.topologyChanged();
  }
}
