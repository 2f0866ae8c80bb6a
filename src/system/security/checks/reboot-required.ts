import type { FileReader, SecurityCheck } from '../types.js';
import { makeCheck } from './check.js';

const MARKER = '/var/run/reboot-required';

/** Debian and Ubuntu leave a marker (and the packages that asked for it) after updates that need a reboot. */
export async function checkRebootRequired(reader: FileReader): Promise<SecurityCheck> {
  const [marker, pkgs, debianVersion] = await Promise.all([
    reader.readFile(MARKER),
    reader.readFile(`${MARKER}.pkgs`),
    reader.readFile('/etc/debian_version'),
  ]);
  if (marker !== null) {
    const packages = [...new Set((pkgs ?? '').split('\n').map((p) => p.trim()).filter((p) => p !== ''))];
    const detail = packages.length > 0 ? `A reboot is required by ${packages.join(', ')}` : 'A reboot is required';
    return makeCheck('reboot_required', 'warn', detail, { marker: MARKER, present: true, packages });
  }
  // Only Debian-family systems write the marker; elsewhere its absence says nothing.
  if (debianVersion === null) {
    return makeCheck('reboot_required', 'unknown', 'This system does not publish a reboot-required marker', {
      marker: MARKER,
      present: false,
    });
  }
  return makeCheck('reboot_required', 'pass', 'No reboot pending', { marker: MARKER, present: false, packages: [] });
}
