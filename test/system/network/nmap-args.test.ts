import { describe, expect, it } from 'vitest';
import { buildNmapArgs, nmapBatches, OS_DETECTION_SKIPPED_WARNING } from '../../../src/system/network/nmap-args.js';

const TAIL = ['-oX', '-', '--stats-every', '2s', '-Pn', '-n'];
const build = (o: Partial<Parameters<typeof buildNmapArgs>[0]>) =>
  buildNmapArgs({ scanType: 'basic', privileged: true, hosts: ['10.213.0.5'], ...o });

describe('nmap arguments (§3)', () => {
  it('uses the type arguments of each scan type', () => {
    expect(build({}).args).toEqual(['-T4', '--top-ports', '20', ...TAIL, '10.213.0.5']);
    expect(build({ scanType: 'intense' }).args).toEqual(['-T4', '--top-ports', '100', '-sV', '-O', ...TAIL, '10.213.0.5']);
    expect(build({ scanType: 'full' }).args).toEqual(['-p-', '-T4', '-A', ...TAIL, '10.213.0.5']);
  });

  it('adds or removes OS detection as asked', () => {
    expect(build({ includeOsDetection: true }).args.slice(0, 4)).toEqual(['-T4', '--top-ports', '20', '-O']);
    expect(build({ scanType: 'intense', includeOsDetection: false }).args.slice(0, 4)).toEqual(['-T4', '--top-ports', '100', '-sV']);
    expect(build({ scanType: 'full', includeOsDetection: false }).args.slice(0, 5)).toEqual(['-p-', '-T4', '-sV', '-sC', '--traceroute']);
  });

  it('drops OS detection without privileges and says so', () => {
    const full = build({ scanType: 'full', privileged: false });
    expect(full.args.slice(0, 5)).toEqual(['-p-', '-T4', '-sV', '-sC', '--traceroute']);
    expect(full.osDetection).toBe(false);
    expect(full.warnings).toEqual([OS_DETECTION_SKIPPED_WARNING]);
    expect(build({ privileged: false }).warnings).toEqual([]);
  });

  it('tells nmap it may use raw sockets when they come from capabilities, not uid 0', () => {
    expect(build({ byCapabilities: true }).args).toEqual(['--privileged', '-T4', '--top-ports', '20', ...TAIL, '10.213.0.5']);
    expect(build({ byCapabilities: true, privileged: false }).args[0]).toBe('-T4');
  });

  it('adds -6 for IPv6 batches and re-renders hosts', () => {
    expect(build({ hosts: ['FD00::0:1', '::1'] }).args.slice(-3)).toEqual(['-6', 'fd00::1', '::1']);
  });

  it('refuses anything that is not an IP literal, and mixed families', () => {
    expect(() => build({ hosts: ['-iL/etc/passwd'] })).toThrow(TypeError);
    expect(() => build({ hosts: ['scanme.nmap.org'] })).toThrow(TypeError);
    expect(() => build({ hosts: ['10.0.0.1', '::1'] })).toThrow(TypeError);
    expect(() => build({ hosts: [] })).toThrow(TypeError);
  });

  it('splits hosts into runs of 16 per family', () => {
    const v4 = Array.from({ length: 33 }, (_, i) => `10.213.0.${i + 1}`);
    const batches = nmapBatches([...v4, '::1']);
    expect(batches.map((b) => b.length)).toEqual([16, 16, 1, 1]);
    expect(batches[3]).toEqual(['::1']);
  });
});
