/**
 * Shapes several routes share, registered once (`app.addSchema`) and referenced with `ref('<$id>')`
 * (schema-kit.ts); the OpenAPI document lists them under `components.schemas`.
 */
import type { FastifyInstance } from 'fastify';

/** The 200 body of every tool route (tools.md §1), registered once as a component. */
export const toolResultComponent = {
  $id: 'ToolResult',
  type: 'object',
  description: 'The result of a tool run: 200 whenever the tool ran, whatever its own outcome.',
  properties: {
    output: { type: 'string', description: "The tool's text, in the layout of the Linux command (tools.md §6)." },
    status: { type: 'string', enum: ['success', 'error', 'warning'] },
    timestamp: { type: 'string', format: 'date-time', description: 'When the run finished.' },
    tool: { type: 'string', examples: ['ping'] },
    command: { type: 'string', description: 'What ran, or the description of a built-in implementation.', examples: ['ping -4 -c 4 -W 2 -- 127.0.0.1'] },
    exit_code: { type: ['integer', 'null'], description: 'Null for built-ins, timeouts and spawn failures.' },
    duration_ms: { type: 'integer', minimum: 0 },
    truncated: { type: 'boolean', description: 'True when the 256 KiB output cap was hit.' },
  },
  required: ['output', 'status', 'timestamp', 'tool', 'command', 'exit_code', 'duration_ms', 'truncated'],
  additionalProperties: false,
  examples: [{
    output: 'PING 127.0.0.1 (127.0.0.1) 56(84) bytes of data.\n64 bytes from 127.0.0.1: icmp_seq=1 ttl=64 time=0.04 ms\n…',
    status: 'success', timestamp: '2025-07-27T10:15:30.123Z', tool: 'ping', command: 'ping -4 -c 4 -W 2 -- 127.0.0.1',
    exit_code: 0, duration_ms: 3046, truncated: false,
  }],
} as const;

export const SCHEMA_COMPONENTS = [toolResultComponent] as const;

export function registerSchemaComponents(app: FastifyInstance): void {
  for (const schema of SCHEMA_COMPONENTS) app.addSchema(schema);
}
