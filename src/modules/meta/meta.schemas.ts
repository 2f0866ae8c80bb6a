import { object } from '../../http/schema-kit.js';

/** The resource lists the API root links to, in the order it gives them. */
export const API_RESOURCES = ['users', 'roles', 'notifications', 'network/devices', 'network/connections', 'network/scans', 'metrics', 'alerts', 'alert-rules'] as const;

const url = { type: 'string', format: 'uri' } as const;

export const apiRootSchema = {
  response: {
    200: {
      ...object(Object.fromEntries(API_RESOURCES.map((r) => [r, url]))),
      examples: [Object.fromEntries(API_RESOURCES.map((r) => [r, `http://localhost:8000/api/${r}/`]))],
    },
  },
} as const;

/** The document itself: open, as OpenAPI documents are. */
export const openapiSchema = {
  response: {
    200: {
      type: 'object',
      description: 'The OpenAPI 3.1 document of this API.',
      properties: { openapi: { type: 'string', examples: ['3.1.0'] } },
      required: ['openapi'],
      additionalProperties: true,
    },
  },
} as const;
