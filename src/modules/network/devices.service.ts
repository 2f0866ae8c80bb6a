import { randomUUID } from 'node:crypto';
import { isUniqueViolation } from '../../db/database.js';
import { isUuid, nowIso } from '../../db/values.js';
import { notFound, validationError } from '../../errors.js';
import type { ListWindow, Listing } from '../../http/pagination.js';
import { lookupVendor } from '../../system/network/oui.js';
import { changesBetween } from './device-history.js';
import type { DeviceHistoryRepository } from './device-history.repository.js';
import type { Device, DeviceChanges, DeviceFilters, DevicesRepository, GroupCount } from './devices.repository.js';
import { DUPLICATE_MAC, PINNABLE_FIELDS, parseDeviceInput, parseStatus, type DeviceInput, type PinnableField } from './devices.validation.js';
import type { Body } from './field-rules.js';
import type { NetworkEvents } from './network-events.js';
import { presentChange, presentSession, type ChangeView, type SessionView } from './inventory.presenter.js';
import { presentDevice, type DeviceView } from './network.presenter.js';

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function vendorFields(mac: string | null): Pick<Device, 'vendor' | 'macRandomized'> {
  return mac ? lookupVendor(mac) : { vendor: null, macRandomized: false };
}

/** The list filters of `network/devices/` from its query string (blank values filter nothing). */
export function deviceFilters(query: Record<string, unknown>): DeviceFilters {
  const get = (name: string) => {
    const v = query[name];
    const s = Array.isArray(v) ? v[v.length - 1] : v;
    return typeof s === 'string' && s.trim() !== '' ? s.trim() : undefined;
  };
  const flag = (name: string) => {
    const v = get(name)?.toLowerCase();
    return v === 'true' || v === '1' ? true : v === 'false' || v === '0' ? false : undefined;
  };
  return {
    status: get('status'), type: get('type'), tag: get('tag'), group: get('group'), search: get('search'),
    isIgnored: flag('is_ignored'), reviewed: flag('reviewed'),
  };
}

/** Device CRUD (rest.md §8.1–§8.3): validation, pinning, metadata merge and the events each change emits. */
export class DevicesService {
  constructor(
    private readonly devices: DevicesRepository,
    private readonly history: DeviceHistoryRepository,
    private readonly events: NetworkEvents,
  ) {}

  /** Known devices per status, ignored ones left out (`everyst_devices`). */
  countByStatus(): Promise<Record<string, number>> {
    return this.devices.countByStatus();
  }

  /** Devices, last seen first. */
  async list(filters: DeviceFilters, window: ListWindow): Promise<Listing<DeviceView>> {
    const [count, rows] = await Promise.all([this.devices.count(filters), this.devices.list(filters, window.offset, window.limit)]);
    return { count, rows: rows.map(presentDevice) };
  }

  async find(id: string): Promise<Device> {
    const device = isUuid(id) ? await this.devices.find(id) : undefined;
    if (!device) throw notFound();
    return device;
  }

  private async assertMacFree(mac: string | null | undefined, exceptId?: string): Promise<void> {
    if (!mac) return;
    const owner = await this.devices.findByMac(mac);
    if (owner && owner.id !== exceptId) throw validationError({ mac: [DUPLICATE_MAC] });
  }

  private async save<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isUniqueViolation(error)) throw validationError({ mac: [DUPLICATE_MAC] });
      throw error;
    }
  }

  async create(body: Body): Promise<DeviceView> {
    const input = parseDeviceInput(body, 'create');
    await this.assertMacFree(input.mac);
    const now = nowIso();
    const mac = input.mac ?? null;
    const device = await this.save(() => this.devices.insert({
      id: randomUUID(), label: input.label!, type: input.type ?? 'other', ip: input.ip ?? null, mac, hostname: input.hostname ?? null,
      hostnameSource: input.hostname ? 'user' : null, ...vendorFields(mac), status: 'online', firstSeen: now, lastSeen: now,
      missedScans: 0, isIgnored: input.isIgnored ?? false, isManuallyAdded: true,
      pinnedFields: PINNABLE_FIELDS.filter((f) => input[f] !== undefined && input[f] !== null), tags: input.tags ?? [],
      metadata: input.metadata ?? {}, createdAt: now, updatedAt: now, reviewed: true, groups: input.groups ?? [],
    }));
    const view = presentDevice(device);
    if (!device.isIgnored) this.events.networkUpdate('new_device', view);
    return view;
  }

  async update(id: string, body: Body, mode: 'put' | 'patch'): Promise<DeviceView> {
    const current = await this.find(id);
    const input = parseDeviceInput(body, mode);
    await this.assertMacFree(input.mac, current.id);
    const changes = changesFor(current, input);
    const at = nowIso();
    const updated = (await this.save(() => this.devices.update(current.id, { ...changes, updatedAt: at })))!;
    await this.history.addChanges(changesBetween(current, updated, 'user', null, at));
    const view = presentDevice(updated);
    this.events.deviceUpdated(view);
    if (updated.isIgnored !== current.isIgnored) await this.events.topologyChanged();
    else if (!updated.isIgnored) this.events.networkUpdate('device_status_change', view);
    return view;
  }

  async delete(id: string): Promise<void> {
    const device = await this.find(id);
    await this.devices.delete(device.id);
    await this.events.topologyChanged();
  }

  async setStatus(id: string, body: Body): Promise<DeviceView> {
    const device = await this.find(id);
    const status = parseStatus(body);
    const view = presentDevice((await this.devices.update(device.id, { status, updatedAt: nowIso() }))!);
    if (!device.isIgnored) this.events.networkUpdate('device_status_change', view);
    return view;
  }

  /** Takes the device out of the "new devices" queue. */
  async acknowledge(id: string): Promise<DeviceView> {
    const device = await this.find(id);
    const view = presentDevice((await this.devices.update(device.id, { reviewed: true, updatedAt: nowIso() }))!);
    this.events.deviceUpdated(view);
    return view;
  }

  groups(): Promise<GroupCount[]> {
    return this.devices.groupCounts();
  }

  /** The device's online/offline sessions, newest first. */
  async presence(id: string, window: ListWindow): Promise<Listing<SessionView>> {
    const device = await this.find(id);
    const [count, rows] = await Promise.all([this.history.countSessions(device.id), this.history.sessions(device.id, window.offset, window.limit)]);
    return { count, rows: rows.map(presentSession) };
  }

  /** The device's IP and hostname changes, newest first. */
  async changes(id: string, window: ListWindow): Promise<Listing<ChangeView>> {
    const device = await this.find(id);
    const [count, rows] = await Promise.all([this.history.countChanges(device.id), this.history.changes(device.id, window.offset, window.limit)]);
    return { count, rows: rows.map(presentChange) };
  }

  /** Every device the filters select, by label (the export). */
  all(filters: DeviceFilters): Promise<Device[]> {
    return this.devices.all(filters);
  }

  async setIgnored(id: string, ignored: boolean): Promise<{ status: string }> {
    const device = await this.find(id);
    await this.devices.update(device.id, { isIgnored: ignored, updatedAt: nowIso() });
    await this.events.topologyChanged();
    return { status: ignored ? 'device ignored' : 'device unignored' };
  }
}

/** rest.md §8.3: the stored changes for a validated body, including pins, hostname source and merged metadata. */
export function changesFor(current: Device, input: DeviceInput): DeviceChanges {
  const changes: DeviceChanges = {};
  for (const key of ['label', 'type', 'ip', 'status', 'tags', 'groups', 'isIgnored'] as const) {
    if (input[key] !== undefined) Object.assign(changes, { [key]: input[key] });
  }
  if (input.mac !== undefined && input.mac !== current.mac) Object.assign(changes, { mac: input.mac }, vendorFields(input.mac));
  if (input.hostname !== undefined && input.hostname !== current.hostname) {
    changes.hostname = input.hostname;
    changes.hostnameSource = input.hostname ? 'user' : null;
  }
  if (input.metadata !== undefined) {
    const merged: Record<string, unknown> = { ...current.metadata };
    for (const [key, value] of Object.entries(input.metadata)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    changes.metadata = merged;
  }
  if (input.pinnedFields !== undefined) {
    changes.pinnedFields = input.pinnedFields;
  } else {
    const changed = PINNABLE_FIELDS.filter((f: PinnableField) => input[f] !== undefined && !sameValue(input[f], current[f]));
    if (changed.length > 0) changes.pinnedFields = [...new Set([...current.pinnedFields, ...changed])];
  }
  return changes;
}
