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
    Record<string, { security?: unknown[]; requestBody?: unknown; 'x-perimeter-access'?: string }>
  >;
  return Object.entries(paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path: path.replace(/\{[^}]+\}/g, UNKNOWN_ID),
      secured: (operation.security?.length ?? 0) > 0,
      schemes: (operation.security ?? []).flatMap((requirement) =>
        Object.keys(requirement as Record<string, unknown>),
      ),
      administratorsOnly: operation['x-perimeter-access'] === 'administrators',
      hasBody: operation.requestBody !== undefined,
    })),
  );
}
