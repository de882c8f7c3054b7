import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INLINE_TEMPLATE } from '../../../contract/pipeline-sources';
import { pipelineSchema, type Pipeline } from '../../../contract/pipelines';
import { problemSchema } from '../../../contract/problem';
import { etagOf } from '../../../contract/versions';
import { pipelines } from '../../db/schema';
import { sha256 } from '../../lib/crypto';
import { ok, type SignedIn } from '../../testing/access-scene';
import type { TestAgent } from '../../testing/test-agent';
import { createTestApp, type TestContext } from '../../testing/test-app';
import { checkDefinitionFormat } from './definition-format';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const VALID = `version: '1.0'
steps:
  clone:
    type: git-clone
    repo: acme/api
  build:
    type: build
    image_name: acme/api
    tag: \${{CF_BRANCH}}
`;

/** Two mistakes: an unknown field of the build step (line 8) and a push without candidate (line 9). */
const INVALID = `version: '1.0'
steps:
  clone:
    type: git-clone
    repo: acme/api
  build:
    type: build
    imag: acme/api
  push:
    type: push
`;

const INVALID_ERRORS = [
  {
    path: 'source.yaml',
    message: 'Step `build` (type build) needs `image_name`.',
    line: 6,
    column: 3,
    endLine: 6,
    endColumn: 8,
  },
  {
    path: 'source.yaml',
    message: 'Unknown field `imag` in step `build`. Did you mean `image_name`?',
    line: 8,
    column: 5,
    endLine: 8,
    endColumn: 9,
  },
  {
    path: 'source.yaml',
    message: 'Step `push` (type push) needs `candidate`.',
    line: 9,
    column: 3,
    endLine: 9,
    endColumn: 7,
  },
];

function create(admin: TestAgent, name: string, yaml: string) {
  return admin.post('/api/pipelines', { name, project: 'p', source: { type: 'inline', yaml } });
}

function patch(admin: TestAgent, pipeline: { id: string; version: number }, body: unknown) {
  return admin.patch(`/api/pipelines/${pipeline.id}`, body, {
    headers: { 'if-match': etagOf(pipeline.version) },
  });
}

async function read(admin: TestAgent, id: string): Promise<Pipeline> {
  return pipelineSchema.strict().parse(await ok(admin.get(`/api/pipelines/${id}`)));
}

async function refusal(response: Promise<Response>) {
  const res = await response;
  expect(res.status, await res.clone().text()).toBe(422);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  return problemSchema.strict().parse(await res.json());
}

describe('the format check of inline definitions on save', () => {
  it('POST /api/pipelines refuses a definition with problems: 422 with each problem’s line and column, nothing saved', async () => {
    const admin = (await t.signedIn()) as SignedIn;
    const problem = await refusal(create(admin, 'broken', INVALID));
    expect(problem).toMatchObject({
      status: 422,
      code: 'definition-invalid',
      detail:
        'The definition has 3 problems; the first, on line 6: Step `build` (type build) needs `image_name`.',
    });
    expect(problem.errors).toEqual(INVALID_ERRORS);

    const syntax = await refusal(create(admin, 'broken', 'version: 1.0\nsteps: [\n'));
    expect(syntax.errors).toEqual([
      expect.objectContaining({ path: 'source.yaml', line: expect.any(Number) }),
    ]);
    expect(syntax.detail).toMatch(/^Line \d+: /);
    expect((await ok<{ total: number }>(admin.get('/api/pipelines'))).total).toBe(0);
  });

  it('PATCH /api/pipelines/:id refuses a definition with problems and keeps the stored one and its version', async () => {
    const admin = (await t.signedIn()) as SignedIn;
    const pipeline = pipelineSchema.parse(await ok(create(admin, 'kept', VALID), 201));
    const problem = await refusal(
      patch(admin, pipeline, { name: 'renamed', source: { type: 'inline', yaml: INVALID } }),
    );
    expect(problem.code).toBe('definition-invalid');
    expect(problem.errors).toEqual(INVALID_ERRORS);
    expect(await read(admin, pipeline.id)).toEqual(pipeline);
    expect(pipeline).toMatchObject({ name: 'kept', version: 1, source: { yaml: VALID } });
  });

  it('saves a valid definition, on POST and on PATCH', async () => {
    const admin = (await t.signedIn()) as SignedIn;
    const pipeline = pipelineSchema.parse(await ok(create(admin, 'valid', INLINE_TEMPLATE), 201));
    const changed = pipelineSchema.parse(
      await ok(patch(admin, pipeline, { source: { type: 'inline', yaml: VALID } })),
    );
    expect(changed).toMatchObject({ version: 2, source: { type: 'inline', yaml: VALID } });
    expect(await read(admin, pipeline.id)).toEqual(changed);
  });

  it('does not judge a stored definition again when the source is not changed', async () => {
    const admin = (await t.signedIn()) as SignedIn;
    const pipeline = pipelineSchema.parse(await ok(create(admin, 'older', VALID), 201));
    // Saved before the check existed.
    await t.deps.db
      .update(pipelines)
      .set({ inlineYaml: INVALID })
      .where(eq(pipelines.id, pipeline.id));
    const renamed = pipelineSchema.parse(await ok(patch(admin, pipeline, { name: 'renamed' })));
    expect(renamed).toMatchObject({ name: 'renamed', source: { yaml: INVALID } });
  });

  it('passes the template every inline pipeline starts from (the demo: db/seed/demo.test.ts)', () => {
    expect(checkDefinitionFormat(INLINE_TEMPLATE)).toEqual([]);
  });

  it('records a saved definition in the audit log by its digest and length, not its text', async () => {
    const admin = (await t.signedIn()) as SignedIn;
    const pipeline = pipelineSchema.parse(await ok(create(admin, 'audited', VALID), 201));
    await ok(patch(admin, pipeline, { source: { type: 'inline', yaml: INLINE_TEMPLATE } }));
    const log = await ok<{ items: { action: string; before: unknown; after: unknown }[] }>(
      admin.get('/api/audit?action=pipeline.updated'),
    );
    expect(log.items[0]).toMatchObject({
      before: { source: { type: 'inline', lines: 9, sha256: sha256(VALID) } },
      after: { source: { type: 'inline', lines: 10, sha256: sha256(INLINE_TEMPLATE) } },
    });
    expect(JSON.stringify(log)).not.toContain('image_name');
  });
});
