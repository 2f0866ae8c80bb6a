import { isUuid } from '../../db/values.js';
import { FieldErrorCollector } from '../../errors.js';
import { defaultOsDetection, SCAN_TYPES, type ScanType } from '../../system/network/nmap-args.js';
import { INVALID_RANGE_MESSAGE } from '../../system/network/targets.js';
import { boolean, invalidChoice, type Body } from './field-rules.js';

export const DEFAULT_TIMEOUTS: Record<ScanType, number> = { basic: 600, intense: 1800, full: 7200 };
export const MIN_TIMEOUT = 30;
export const MAX_TIMEOUT = 14_400;
export const DEVICE_NOT_FOUND = 'Device not found.';
export const NO_DEVICE_IP = 'Cannot rescan device without IP address';

/** A start request (scanner.md §2.1), REST body or socket payload, with defaults applied. */
export interface ScanRequest {
  ipRange: string | null;
  scanType: ScanType;
  includePorts: boolean;
  includeOsDetection: boolean;
  timeout: number;
  targetDeviceId: string | null;
}

export function parseScanRequest(body: Body): ScanRequest {
  const errors = new FieldErrorCollector();
  let ipRange: string | null = null;
  if (typeof body.ip_range === 'string') ipRange = body.ip_range.trim() === '' ? null : body.ip_range.trim();
  else if (body.ip_range !== undefined && body.ip_range !== null) errors.add('ip_range', INVALID_RANGE_MESSAGE);

  let scanType: ScanType = 'basic';
  if (body.scan_type !== undefined) {
    const lowered = typeof body.scan_type === 'string' ? body.scan_type.toLowerCase() : null;
    if (lowered && (SCAN_TYPES as readonly string[]).includes(lowered)) scanType = lowered as ScanType;
    else errors.add('scan_type', invalidChoice(body.scan_type));
  }

  const includePorts = boolean(body.include_ports ?? undefined, 'include_ports', errors) ?? true;
  const includeOsDetection = boolean(body.include_os_detection ?? undefined, 'include_os_detection', errors) ?? defaultOsDetection(scanType);

  let timeout = DEFAULT_TIMEOUTS[scanType];
  const t = body.timeout;
  if (t !== undefined && t !== null) {
    if (typeof t !== 'number' || !Number.isInteger(t)) errors.add('timeout', 'A valid integer is required.');
    else if (t < MIN_TIMEOUT) errors.add('timeout', `Ensure this value is greater than or equal to ${MIN_TIMEOUT}.`);
    else if (t > MAX_TIMEOUT) errors.add('timeout', `Ensure this value is less than or equal to ${MAX_TIMEOUT}.`);
    else timeout = t;
  }

  let targetDeviceId: string | null = null;
  const target = body.target_device_id;
  if (target !== undefined && target !== null && target !== '') {
    if (isUuid(target)) targetDeviceId = target.toLowerCase();
    else errors.add('target_device_id', DEVICE_NOT_FOUND);
  }
  errors.throwIfAny();
  return { ipRange, scanType, includePorts, includeOsDetection, timeout, targetDeviceId };
}
