/**
 * Building blocks of route schemas (plain JSON Schema, as Fastify validates and serialises them and the OpenAPI
 * document shows them). Each module's `<module>.schemas.ts` composes these.
 */
export const errorBody = {
  $id: 'Error',
  type: 'object',
  description: 'Every error: `detail` for people, `code` for programs; field errors add `{"<field>": ["message"]}`.',
  properties: { detail: { type: 'string' }, code: { type: 'string' } },
  required: ['detail'],
  additionalProperties: true,
} as const;

/** A reference to a shared component registered with `app.addSchema` (http/schema-components.ts). */
export const ref = (id: string) => ({ $ref: `${id}#` }) as const;

/** `{ type: 'object', properties, required: every key, additionalProperties: false }`. */
export function object<P extends Record<string, unknown>>(properties: P, optional: ReadonlyArray<keyof P> = []) {
  return {
    type: 'object',
    properties,
    required: Object.keys(properties).filter((k) => !optional.includes(k)),
    additionalProperties: false,
  } as const;
}

export const timestamp = { type: 'string', format: 'date-time' } as const;
export const nullable = <S extends Record<string, unknown>>(schema: S) => ({ anyOf: [schema, { type: 'null' }] }) as const;
