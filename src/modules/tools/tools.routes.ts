import type { RouteDef } from '../../http/routes.js';
import { caller } from '../../http/routes.js';
import type { Permission } from '../../auth/permissions.js';
import { TOOL_NAMES, type ToolName, type ToolsService } from './tools.service.js';
import { toolSchema } from './tools.schemas.js';

/** nmap and tcpdump are intrusive: they also need can_manage_network (roles.md §2). */
export const TOOL_PERMISSIONS: Record<ToolName, Permission> = Object.fromEntries(
  TOOL_NAMES.map((name) => [name, name === 'nmap' || name === 'tcpdump' ? ['can_run_tools', 'can_manage_network'] : 'can_run_tools']),
) as Record<ToolName, Permission>;

export function toolsRoutes(tools: ToolsService): RouteDef[] {
  return TOOL_NAMES.map((name): RouteDef => ({
    method: 'POST',
    path: `tools/${name}`,
    permission: TOOL_PERMISSIONS[name],
    tags: ['tools'],
    summary: `Run ${name}`,
    schema: toolSchema(name),
    handler: async (request, reply) => {
      const aborted = new AbortController();
      // The connection closed before the answer was written: the client went away, stop the tool (tools.md §4).
      reply.raw.on('close', () => {
        if (!reply.raw.writableFinished) aborted.abort();
      });
      return tools.runTool(name, request.body, { userId: caller(request).userId }, { signal: aborted.signal });
    },
  }));
}
