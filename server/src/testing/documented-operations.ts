import type { TestAgent } from './test-agent';

export interface DocumentedOperation {
  method: string;
  /** With every `{param}` filled by a well-formed id that matches nothing. */
  path: string;
  secured: boolean;
  /** The security schemes it takes (`session`, `bearer`, `runnerToken`). */
  schemes: string[];
  /** Refused to people with user level (the route spreads `administratorsOnly`). */
  administratorsOnly: boolean;
  hasBody: boolean;
  /** The path as documented, with its `{param}` placeholders. */
  template: string;
  /** The names of its parameters, by where they go. */
  parameters: { query: string[]; path: string[]; header: string[] };
  /** The top-level properties of its JSON body (every branch of a union), if it takes one. */
  bodyProperties: string[];
}

interface JsonSchema {
  $ref?: string;
  properties?: Record<string, unknown>;
  oneOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

/** The id every `{param}` is filled with. */
export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

/**
 * Every operation of the server's own OpenAPI document, so that tests over "every endpoint"
 * cover a new endpoint the day it is added.
 */
export async function documentedOperations(agent: TestAgent): Promise<DocumentedOperation[]> {
  const doc = await (await agent.get('/api/openapi.json')).json();
  const paths = doc.paths as Record<
    string,
    Record<
      string,
      {
        security?: unknown[];
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
        parameters?: { name: string; in: string }[];
        'x-perimeter-access'?: string;
      }
    >
  >;
  const schemas = (doc.components?.schemas ?? {}) as Record<string, JsonSchema>;
  const resolve = (schema: JsonSchema | undefined): JsonSchema | undefined => {
    let resolved = schema;
    for (let i = 0; resolved?.$ref && i < 20; i += 1) {
      resolved = schemas[resolved.$ref.replace('#/components/schemas/', '')];
    }
    return resolved;
  };
  const propertiesOf = (schema: JsonSchema | undefined): string[] => {
    const resolved = resolve(schema);
    if (!resolved) return [];
    const branches = [
      ...(resolved.oneOf ?? []),
      ...(resolved.anyOf ?? []),
      ...(resolved.allOf ?? []),
    ];
    return [
      ...new Set([...Object.keys(resolved.properties ?? {}), ...branches.flatMap(propertiesOf)]),
    ].sort();
  };
  const namesIn = (parameters: { name: string; in: string }[] | undefined, where: string) =>
    (parameters ?? []).filter((parameter) => parameter.in === where).map(({ name }) => name);
  return Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path: path.replace(/\{[^}]+\}/g, UNKNOWN_ID),
      secured: (operation.security?.length ?? 0) > 0,
      schemes: (operation.security ?? []).flatMap((requirement) =>
        Object.keys(requirement as Record<string, unknown>),
      ),
      administratorsOnly: operation['x-perimeter-access'] === 'administrators',
      // A JSON body; the SAML callback's form (posted by the identity provider) is not one.
      hasBody: operation.requestBody?.content?.['application/json'] !== undefined,
      template: path,
      parameters: {
        query: namesIn(operation.parameters, 'query'),
        path: namesIn(operation.parameters, 'path'),
        header: namesIn(operation.parameters, 'header'),
      },
      bodyProperties: propertiesOf(operation.requestBody?.content?.['application/json']?.schema),
    })),
  );
}
