import { describe, expect, it } from 'vitest';
import { classifyDevice, typeToWrite } from '../../../src/system/network/device-type.js';

describe('device type heuristic (§5.4)', () => {
  it('rule 1: gateway → router, the server hub → server, before anything else', () => {
    expect(classifyDevice({ isDefaultGateway: true, osName: 'Microsoft Windows 10', openPorts: [3389] })).toBe('router');
    expect(classifyDevice({ isServerHub: true, osClassTypes: ['WAP'] })).toBe('server');
  });

  it.each([
    [['router'], 'router'], [['broadband router'], 'router'], [['WAP'], 'router'],
    [['switch'], 'switch'], [['bridge'], 'switch'], [['firewall'], 'firewall'], [['security-misc'], 'firewall'],
    [['general purpose', 'WAP'], 'router'],
  ] as const)('rule 2: osclass %j → %s', (types, expected) => {
    expect(classifyDevice({ osClassTypes: types, osName: 'Linux 5.4' })).toBe(expected);
  });

  it.each([
    ['pfSense 2.6', 'firewall'], ['FortiOS 7', 'firewall'], ['Cisco Catalyst switch', 'switch'],
    ['MikroTik RouterOS 6', 'router'], ['OpenWrt 21.02', 'router'], ['Microsoft Windows 11', 'workstation'],
    ['Apple macOS 13', 'workstation'], ['Apple Mac OS X 10.15', 'workstation'], ['Linux 5.3 - 5.4', 'server'],
    ['FreeBSD 13.1', 'server'], ['Microsoft Windows Server 2019', 'workstation'],
  ])('rule 3: OS %s → %s', (osName, expected) => {
    expect(classifyDevice({ osClassTypes: ['general purpose'], osName })).toBe(expected);
  });

  it('rule 4: open ports', () => {
    expect(classifyDevice({ openPorts: [22, 443] })).toBe('server');
    expect(classifyDevice({ openPorts: [22, 80] })).toBe('server');
    expect(classifyDevice({ openPorts: [3389] })).toBe('workstation');
    expect(classifyDevice({ openPorts: [445, 139] })).toBe('workstation');
    expect(classifyDevice({ openPorts: [22, 445] })).toBe('other');
    expect(classifyDevice({ openPorts: [22] })).toBe('other');
  });

  it('rule 5: nothing known → other', () => {
    expect(classifyDevice({})).toBe('other');
    expect(classifyDevice({ osName: 'Nintendo Wii' })).toBe('other');
  });

  it('a basic scan never downgrades a type, and pinned types are never written', () => {
    expect(typeToWrite(null, 'other', false)).toBe('other');
    expect(typeToWrite('server', 'other', false)).toBeNull();
    expect(typeToWrite('other', 'router', false)).toBe('router');
    expect(typeToWrite('other', 'router', true)).toBeNull();
  });
});
