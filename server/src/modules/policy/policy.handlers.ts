import { z } from '@hono/zod-openapi';
import { z as zod } from 'zod';
import {
  POLICY_JSON_TYPE,
  POLICY_SCHEMA_PATH,
  POLICY_YAML_TYPE,
  policyApplyResultSchema,
  policyDocumentSchema,
  policyPlanSchema,
} from '../../../contract/policy';
import { etagHeader, jsonContent, problemResponses } from '../../lib/openapi-helpers';
import { HttpProblem } from '../../lib/problem';
import { publicUrl } from '../../lib/public-url';
import { createRouter } from '../../lib/router';
import { findRefusedText } from '../../lib/text-input';
import { parseYamlSource } from '../../../domain/yaml-source';
import { administratorsOnly, requireAdministrator } from '../auth/auth.middleware';
import { applyPolicy, getPolicy, planPolicy } from './policy.service';
import { policyYaml } from './policy-state';
import type { Context } from 'hono';
import type { AppEnv } from '../../lib/context';

const tags = ['Policy'];

/** The document's JSON Schema, made once from the contract's zod schema. */
const policyJsonSchema = {
  ...zod.toJSONSchema(policyDocumentSchema, { target: 'draft-2020-12' }),
  $id: 'perimeter-policy-v1',
};

// The document as a named component of the OpenAPI document, for the export and the import.
const documentComponent = z.record(z.string(), z.unknown()).openapi('PolicyDocument', {
  description: `The policy document (version 1). Its full JSON Schema is served at ${POLICY_SCHEMA_PATH}.`,
});

/**
 * `GET /api/policy/schema.json`: anonymous, like /api/openapi.json beside it, because editors
 * fetch it from the `$schema` comment without credentials; it holds no account's data.
 */
export const policySchemaRouter = createRouter().openapi(
  {
    method: 'get',
    path: '/policy/schema.json',
    operationId: 'getPolicySchema',
    tags,
    security: [],
    summary: 'The JSON Schema of the policy document',
    description:
      'For editors (the exported YAML names it in its first line, `# yaml-language-server: $schema=…`) and for checking a document before planning it. The same for every account; no credentials needed.',
    responses: {
      200: jsonContent(z.record(z.string(), z.unknown()), 'A JSON Schema (draft 2020-12)'),
    },
  },
  (c) => c.json(policyJsonSchema as Record<string, unknown>, 200),
);

export const exportPolicyRoute = {
  method: 'get',
  path: '/policy',
  operationId: 'exportPolicy',
  tags,
  ...administratorsOnly,
  summary: 'Export the account’s access policy as one document (YAML, or JSON)',
  description:
    'Teams (members by email, SSO group mappings), rules, cluster and pipeline tags, settings and git providers’ restrictions, by name: no ids, no secrets, so that it imports into another installation. Canonical (sorted), so that export → import → export gives the same bytes. YAML by default (`application/yaml`, first line a `$schema` comment for editors); JSON with `Accept: application/json`. `ETag`: the policy’s version, to send as `If-Match` when importing.',
  responses: {
    200: {
      description: 'The policy document',
      headers: etagHeader,
      content: {
        [POLICY_YAML_TYPE]: { schema: z.string().openapi({ description: 'The document as YAML' }) },
        [POLICY_JSON_TYPE]: { schema: documentComponent },
      },
    },
    ...problemResponses(401, 403),
  },
} as const;

const importDescription =
  'The body is a policy document, as `application/yaml` or `application/json` (at most 16 MiB). ' +
  'With `?dryRun=true`: 200 with the plan — what each section adds, changes and removes, who gains and who loses which privilege on how many resources, and every problem with its line and column — even when there are problems; nothing is saved. ' +
  'Without: `If-Match` with the policy’s version (the export’s `ETag` or the plan’s `version`) is required (428 without it, 412 `stale-version` when the policy changed since, nothing applied); 422 `policy-invalid` with `problems` when the document has any; otherwise everything is applied in one transaction and audited as one entry (`policy.imported`).';

const importRoute = {
  method: 'post',
  path: '/policy/import',
  operationId: 'importPolicy',
  tags,
  security: administratorsOnly.security,
  'x-perimeter-access': administratorsOnly['x-perimeter-access'],
  summary: 'Plan (dry run) or apply a policy document',
  description: importDescription,
  request: {
    query: z.object({
      dryRun: z
        .enum(['true', 'false'])
        .optional()
        .openapi({ description: '`true`: answer the plan and save nothing.' }),
    }),
    headers: z.object({
      'if-match': z
        .string()
        .optional()
        .openapi({ description: 'The policy’s version; required unless dryRun=true.' }),
    }),
    body: {
      required: true,
      content: {
        [POLICY_YAML_TYPE]: { schema: z.string().openapi({ description: 'The document as YAML' }) },
        [POLICY_JSON_TYPE]: { schema: documentComponent },
      },
    },
  },
  responses: {
    200: {
      description: 'The plan (dry run), or what was applied',
      headers: etagHeader,
      content: {
        [POLICY_JSON_TYPE]: { schema: z.union([policyPlanSchema, policyApplyResultSchema]) },
      },
    },
    ...problemResponses(400, 401, 403, 412, 415, 422, 428),
  },
} as const;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const ACCEPTED_TYPES = /^(application\/(yaml|x-yaml|json)|text\/(yaml|x-yaml|plain))$/i;

/**
 * The body as text, read raw so that problems can point at its lines. Refused: another media
 * type (415), bytes that are not UTF-8 (400), and text no field can hold (422, as every route).
 */
async function documentText(c: Context<AppEnv>): Promise<string> {
  const type = c.req.header('content-type')?.split(';')[0]?.trim() ?? '';
  if (!ACCEPTED_TYPES.test(type)) {
    throw new HttpProblem(415, 'Send the policy document as application/yaml or application/json.');
  }
  let text: string;
  try {
    // Read raw, so that problems point at lines; checked below as validated input would be.
    // eslint-disable-next-line no-restricted-syntax
    text = utf8.decode(new Uint8Array(await c.req.arrayBuffer()));
  } catch {
    throw new HttpProblem(400, 'The request body is not valid UTF-8.');
  }
  const source = parseYamlSource(text);
  if (source.syntaxProblems.length === 0) {
    let value: unknown;
    try {
      value = source.document.toJS({ maxAliasCount: 100 });
    } catch {
      value = undefined;
    }
    const errors = findRefusedText(value, 'multi-line');
    if (errors.length > 0) {
      throw new HttpProblem(
        422,
        errors.length === 1 ? errors[0]!.message : `${errors.length} fields need attention.`,
        { errors },
      );
    }
  }
  return text;
}

export const policyRouter = createRouter().openapi(exportPolicyRoute, async (c) => {
  const { document, version } = await getPolicy(c.var.deps, c.var.principal.accountId);
  c.header('ETag', version);
  const accept = c.req.header('accept') ?? '';
  if (/application\/json/i.test(accept) && !/application\/(x-)?yaml/i.test(accept)) {
    return c.json(document as Record<string, unknown>, 200);
  }
  return c.body(policyYaml(document, publicUrl(c)), 200, {
    'Content-Type': `${POLICY_YAML_TYPE}; charset=utf-8`,
  });
});

policyRouter.openAPIRegistry.registerPath(importRoute);
policyRouter.post('/policy/import', requireAdministrator, async (c) => {
  // A plain handler (the body is read raw, documentText): the query is checked here as the
  // validation hook would check it.
  // eslint-disable-next-line no-restricted-syntax
  const dryRun = c.req.query('dryRun');
  const refused = findRefusedText({ dryRun }, 'single-line');
  if (refused.length > 0) throw new HttpProblem(422, refused[0]!.message, { errors: refused });
  if (dryRun !== undefined && dryRun !== 'true' && dryRun !== 'false') {
    throw new HttpProblem(422, 'dryRun is true or false.', {
      errors: [{ path: 'dryRun', message: 'dryRun is true or false.' }],
    });
  }
  const text = await documentText(c);
  if (dryRun === 'true') {
    const plan = await planPolicy(c.var.deps, c.var.principal.accountId, text);
    c.header('ETag', plan.version);
    return c.json(plan, 200);
  }
  const result = await applyPolicy(c.var.deps, c.var.principal, text, c.req.header('if-match'));
  c.header('ETag', result.version);
  return c.json(result, 200);
});
