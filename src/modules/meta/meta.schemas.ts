import { object } from '../../http/schema-kit.js';

export const RESOURCES = ['users', 'roles', 'notifications', 'network/devices', 'network/connections', 'network/scans', 'metrics', 'alerts', 'alert-rules'] as const;

const url = (resource: string) => ({ type: 'string', examples: [`https://everyst.example/api/${resource}/`] });

export const apiRootSchema = {
  response: { 200: object(Object.fromEntries(RESOURCES.map((r) => [r, url(r)]))) },
} as const;

export const openapiSchema = {
  response: {
    200: { type: 'object', description: 'The OpenAPI 3.1 document of this API.', additionalProperties: true },
  },
} as const;
