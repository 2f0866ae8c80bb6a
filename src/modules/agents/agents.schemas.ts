/** Route schemas of agents (monitoring.md §6). Bodies are described; agents.validation.ts checks them. */
import { object } from '../../http/schema-kit.js';
import { pageQuery, pageSchema } from '../../http/schema-components.js';

const str = { type: 'string' } as const;
const time = { type: ['string', 'null'], format: 'date-time' } as const;
const idParams = object({ id: { type: 'string', description: 'Agent UUID (another form answers 404)' } });

const agentProperties = {
  id: { type: 'string', format: 'uuid' }, name: str,
  hostname: { ...str, description: 'As the agent reports it when it connects' },
  token_set: { type: 'boolean' }, last_seen_at: time, online: { type: 'boolean' },
  version: { ...str, description: 'The agent\'s Everyst version' }, os: str, tags: { type: 'array', items: str },
} as const;

export const agentSchema = { description: 'An agent on another host (monitoring.md §6)', ...object(agentProperties) } as const;
const agentWithToken = {
  description: 'The agent and its token: shown in this answer only, never again',
  ...object({ ...agentProperties, token: { ...str, description: 'Give it to `everyst agent --token-file`' } }),
} as const;

const agentBody = {
  type: 'object', additionalProperties: true,
  properties: {
    name: { description: 'Required on create; 1–100 characters, unique (case-insensitive)' },
    tags: { description: 'Up to 20 strings of 1–50 characters' },
  },
} as const;
const emptyBody = { type: 'object', additionalProperties: true } as const;

export const listAgentsSchema = { querystring: pageQuery(), response: { 200: pageSchema(agentSchema) } } as const;
export const createAgentSchema = { body: agentBody, response: { 201: agentWithToken } } as const;
export const getAgentSchema = { params: idParams, response: { 200: agentSchema } } as const;
export const updateAgentSchema = { params: idParams, body: agentBody, response: { 200: agentSchema } } as const;
export const deleteAgentSchema = { params: idParams, response: { 204: { type: 'null', description: 'Deleted; its connections end at once (its history stays)' } } } as const;
export const rotateTokenSchema = { params: idParams, body: emptyBody, response: { 200: agentWithToken } } as const;
