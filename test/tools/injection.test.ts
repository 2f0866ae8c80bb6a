import { describe, expect, it } from 'vitest';
import { TOOL_NAMES, type ToolName } from '../../src/modules/tools/tools.service.js';
import { apiError, recordingRunner, spiedService, touchedNothing } from './helpers/service.js';

/** Values no string field of any tool accepts: each must be a 400 before anything runs. */
const HOSTILE_STRINGS: Record<string, string> = {
  'command separator': '127.0.0.1; id',
  'command substitution': '$(reboot)',
  backticks: '`id`',
  'pipe and separator': 'x|y;z',
  'nmap output option': '-oN/tmp/x',
  'nmap script option': '--script=/tmp/x.nse',
  'option after operand': '127.0.0.1 -oN /tmp/x',
  'input list option': '-iL /etc/passwd',
  newline: '127.0.0.1\nid',
  'carriage return inside': 'example.com\r\nHost: evil',
  'NUL byte': '127.0.0.1\u0000',
  tab: '127.0.0.1\t-x',
  'cyrillic look-alike': 'еxample.com',
  'fullwidth look-alike': 'ｅｘａｍｐｌｅ.com',
  'zero-width space': 'example.com\u200b',
  'right-to-left override': '\u202eexample.com',
  'no-break space': 'example.com\u00a0x',
  quotes: `x'y"z\\`,
  'IFS expansion': '${IFS}cat${IFS}/etc/passwd',
  'url-encoded newline': '%0aid',
  'very long': 'a'.repeat(5000),
  'very long dotted': 'a.'.repeat(200),
};

const WRONG_STRING_TYPES: unknown[] = [1, 0, true, false, null, [], ['127.0.0.1'], {}, { target: '127.0.0.1' }];
const WRONG_INTEGER_TYPES: unknown[] = ['25', '', 1.5, true, null, [], [4], {}];

/** Per tool: a body that passes validation, and its string and integer fields. */
const FIELDS: Record<ToolName, { valid: Record<string, unknown>; strings: string[]; integers: string[] }> = {
  ping: { valid: { target: '127.0.0.1' }, strings: ['target'], integers: [] },
  nmap: { valid: { target: '127.0.0.1' }, strings: ['target'], integers: [] },
  dig: { valid: { target: 'example.com', record_type: 'A' }, strings: ['target', 'record_type'], integers: [] },
  nslookup: { valid: { target: 'example.com' }, strings: ['target'], integers: [] },
  traceroute: { valid: { target: '127.0.0.1' }, strings: ['target'], integers: [] },
  whois: { valid: { target: 'example.com' }, strings: ['target'], integers: [] },
  'ssl-check': { valid: { target: 'example.com', port: 443 }, strings: ['target'], integers: ['port'] },
  netstat: { valid: { options: '-tln' }, strings: ['options'], integers: [] },
  'ip-route': { valid: { family: 4 }, strings: [], integers: ['family'] },
  tcpdump: { valid: { interface: 'lo', filter: 'icmp', count: 3 }, strings: ['interface', 'filter'], integers: ['count'] },
};

async function expectRejected(tool: ToolName, body: unknown, field: string, message?: string) {
  const { service, seams } = spiedService();
  const error = await apiError(service.runTool(tool, body, { userId: 1 }));
  expect(error.status).toBe(400);
  expect(error.code).toBe('invalid');
  expect(Object.keys(error.extra)).toContain(field);
  if (message) expect(error.extra[field]).toEqual([message]);
  expect(error.detail.startsWith(`${field}: `)).toBe(true);
  expect(touchedNothing(seams)).toBe(true);
}

describe.each(TOOL_NAMES.map((tool) => [tool]))('%s rejects hostile input without starting anything', (tool) => {
  const { valid, strings, integers } = FIELDS[tool];

  for (const field of strings) {
    it.each(Object.entries(HOSTILE_STRINGS))(`${field}: %s`, async (_name, value) => {
      await expectRejected(tool, { ...valid, [field]: value }, field);
    });

    it.each(WRONG_STRING_TYPES.map((v) => [JSON.stringify(v), v]))(`${field} of JSON type %s`, async (_name, value) => {
      await expectRejected(tool, { ...valid, [field]: value }, field, 'Must be a string.');
    });
  }

  for (const field of integers) {
    it.each(WRONG_INTEGER_TYPES.map((v) => [JSON.stringify(v), v]))(`${field} of JSON type %s`, async (_name, value) => {
      await expectRejected(tool, { ...valid, [field]: value }, field, 'Must be an integer.');
    });
  }

  it.each([['a string', 'ping'], ['a number', 42], ['an array', ['127.0.0.1']], ['a boolean', true]])(
    'a body that is %s is a parse error',
    async (_name, body) => {
      const { service, seams } = spiedService();
      const error = await apiError(service.runTool(tool, body, { userId: 1 }));
      expect([error.status, error.code, error.detail]).toEqual([400, 'parse_error', 'Expected a JSON object.']);
      expect(touchedNothing(seams)).toBe(true);
    },
  );
});

describe('target-taking tools', () => {
  const required: [ToolName, string][] = [
    ['ping', 'Target host is required'],
    ['nmap', 'Target host is required'],
    ['nslookup', 'Target host is required'],
    ['traceroute', 'Target host is required'],
    ['dig', 'Target domain is required'],
    ['ssl-check', 'Target domain is required'],
    ['whois', 'Target domain or IP is required'],
  ];

  it.each(required)('%s: a missing, empty or blank target says "%s"', async (tool, message) => {
    for (const body of [{}, { target: '' }, { target: '   ' }]) await expectRejected(tool, body, 'target', message);
  });

  it.each(required.map(([tool]) => [tool]))('%s: malformed targets get the standard message', async (tool) => {
    const malformed = ['010.0.0.1', '256.1.1.1', '1.2.3', 'fe80::1%eth0', '[::1', '-x.example.com', 'a..b', 'bad-.example.com', 'x.123'];
    // dig and nslookup accept `_` in labels (service names); the others do not.
    if (tool !== 'dig' && tool !== 'nslookup') malformed.push('under_score.example.com');
    for (const target of malformed) {
      await expectRejected(tool, { target }, 'target', 'Enter a valid hostname, IPv4 or IPv6 address.');
    }
  });
});

describe('numeric host forms other than the dotted quad (the C library would read them as IPv4)', () => {
  const NUMERIC_FORMS = ['0x7f000001', '0X7F000001', '2130706433', '127.1', '127.0.1', '0177.0.0.1', '0x7f.0.0.1', '127.0.0.0x1', '0x7f.1', '0x'];
  const tools: ToolName[] = ['ping', 'nmap', 'nslookup', 'traceroute', 'dig', 'ssl-check', 'whois'];

  it.each(tools.map((tool) => [tool]))('%s refuses them before anything runs', async (tool) => {
    for (const target of NUMERIC_FORMS) {
      await expectRejected(tool, { target }, 'target', 'Enter a valid hostname, IPv4 or IPv6 address.');
    }
  });

  it('ssl-check refuses them with a port too', async () => {
    await expectRejected('ssl-check', { target: '0x7f000001:443' }, 'target', 'Enter a valid hostname, IPv4 or IPv6 address.');
  });

  it('names that merely contain hex-looking labels are still names', async () => {
    const { service } = spiedService({ runProcess: recordingRunner().run });
    for (const target of ['0x7f000001.example.com', 'host.0x1a.example']) {
      await expect(service.runTool('whois', { target }, { userId: 1 })).resolves.toMatchObject({ command: `whois -- ${target}` });
    }
  });
});

describe('rejections do not use up the rate limit', () => {
  it('a valid run still passes after many rejected ones at a rate of 1 per minute', async () => {
    const { service, seams } = spiedService({ limits: { maxConcurrent: 4, maxPerUser: 2, ratePerMinute: 1 } });
    for (let i = 0; i < 20; i++) await apiError(service.runTool('ping', { target: '$(id)' }, { userId: 9 }));
    const response = await service.runTool('ip-route', {}, { userId: 9 });
    expect(response.status).toBe('success');
    expect(seams.runProcess).toHaveBeenCalledTimes(1);
  });
});
