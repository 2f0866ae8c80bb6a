/**
 * The contract of the tool routes (tools.md). Body fields carry no `type`: the tools' own validation answers a
 * wrong type with its texts (`Must be a string.`, `Must be an integer.`) and trims before checking, so the
 * schemas describe the fields and leave the checks to it. Error answers keep the keys in the order the error
 * handler writes them (the field first), so they are described as open objects.
 */
import { ref } from '../../http/schema-kit.js';
import type { ToolName } from './types.js';

/** `ToolResult` (the 200 body) is a shared component: http/schema-components.ts. */
const target = (required: string, extra = '') => ({
  description: `A hostname, IPv4 or IPv6 address${extra} (tools.md §3.2). Missing or empty: "${required}".`,
  examples: ['127.0.0.1'],
});

/** Open objects: the error body keeps the order the error handler gives its keys. */
const errorAnswer = (description: string) => ({ description, type: 'object', additionalProperties: true }) as const;

const responses = {
  200: ref('ToolResult'),
  400: errorAnswer('Invalid input: `{"<field>": ["message"], "detail": "<field>: message", "code": "invalid"}`; nothing is spawned.'),
  429: errorAnswer('Over a concurrency or rate limit (tools.md §4): `{"detail", "code": "throttled"}` with `Retry-After`.'),
} as const;

const body = (properties: Record<string, unknown>, example: Record<string, unknown>) => ({
  type: 'object',
  properties,
  additionalProperties: true,
  examples: [example],
}) as const;

const BODIES: Record<ToolName, ReturnType<typeof body>> = {
  ping: body({ target: target('Target host is required') }, { target: '127.0.0.1' }),
  nmap: body(
    { target: target('Target host is required', ', or an IPv4 network /24 or smaller, IPv6 /120 or smaller, inside the scan-allowed networks') },
    { target: '10.0.0.0/24' },
  ),
  dig: body({
    target: target('Target domain is required', '; an address is a reverse (PTR) lookup'),
    record_type: { description: 'A, AAAA, ANY, CAA, CNAME, DNSKEY, DS, MX, NS, PTR, SOA, SRV or TXT (case-insensitive); default A.', examples: ['MX'] },
  }, { target: 'example.com', record_type: 'A' }),
  nslookup: body({ target: target('Target host is required') }, { target: 'example.com' }),
  traceroute: body({ target: target('Target host is required') }, { target: '10.0.0.1' }),
  whois: body({ target: target('Target domain or IP is required', ', or AS<digits>') }, { target: 'example.com' }),
  'ssl-check': body({
    target: target('Target domain is required', ', optionally with :port; a leading http(s):// and any path are removed'),
    port: { description: 'Integer 1–65535; default the port in the target, else 443.', examples: [443] },
  }, { target: 'example.com' }),
  netstat: body({
    options: { description: 'The text after `netstat `: letters of a, l, n, p, t, u (with or without `-`), at most 20 characters; default "".', examples: ['-tlnp'] },
  }, { options: '-tlnp' }),
  'ip-route': body({ family: { description: '4 (default) or 6.', examples: [4] } }, {}),
  tcpdump: body({
    interface: { description: '"any" (default) or the name of an interface of the server.', examples: ['any'] },
    filter: { description: 'A capture filter, at most 256 characters; default "".', examples: ['port 80'] },
    count: { description: 'Packets to capture, integer 1–100; default 25.', examples: [10] },
  }, { interface: 'any', filter: 'port 80', count: 10 }),
};

const WHOIS_DOCS =
  'whois is the one tool that talks to servers outside the local networks by design: it asks the public whois ' +
  'servers of the registries on the internet. Refused with 403 when TOOLS_WHOIS_ENABLED=false.';

export function toolSchema(name: ToolName) {
  return {
    body: BODIES[name],
    response: name === 'whois' ? { ...responses, 403: errorAnswer('TOOLS_WHOIS_ENABLED=false, or the caller lacks the permission.') } : responses,
    ...(name === 'whois' ? { description: WHOIS_DOCS } : {}),
  };
}
