/**
 * The pipeline format's schema (server/domain/pipeline-format.ts), judged through the server's
 * check (definition-format.ts): every example of the format passes, every kind of mistake is
 * named at its line and column. It lives here, not beside the schema, because server/contract
 * may not import server code.
 */
import { describe, expect, it } from 'vitest';
import {
  PIPELINE_SCHEMA,
  STEP_TYPE_DESCRIPTIONS,
  STEP_TYPE_SCHEMAS,
  STEP_TYPES,
} from '../../../domain/pipeline-format';
import { INLINE_TEMPLATE } from '../../../contract/pipeline-sources';
import { checkDefinitionFormat, closest, DEFINITION_PROBLEMS_MAX } from './definition-format';
import { SEED_PIPELINES } from '../../../contract/seed-pipelines';

const SEED_CLONE_AND_BUILD = SEED_PIPELINES.cloneAndBuild;
const SEED_CLONE_BUILD_PUSH = SEED_PIPELINES.cloneBuildAndPush;

/** Every root field, and every field every step may have. */
const EVERY_COMMON_FIELD = `version: 1.0
mode: parallel
fail_fast: false
strict_fail_fast: true
build_version: v2
indicators:
  - name: coverage
services:
  composition:
    redis:
      image: redis:7
stages:
  - clone
  - test
hooks:
  on_elected:
    exec:
      - echo elected
  on_finish:
    exec:
      image: alpine:3.20
      commands:
        - echo finished
  on_success:
    metadata:
      set:
        - \${{build}}:
            - qa: passed
  on_fail:
    annotations:
      set:
        - entity_type: build
          annotations:
            - failed: true
steps:
  test:
    title: Unit tests
    description: Runs the unit tests
    stage: test
    image: node:24
    commands: [npm ci, npm test]
    fail_fast: false
    strict_fail_fast: true
    arguments:
      image: node:24
    env:
      NODE_ENV: test
    debug:
      phases:
        before: true
    timeout: 1.5h
    retry:
      maxAttempts: 3
      delay: 5
      exponentialFactor: 2
    hooks:
      on_fail:
        exec: [echo failed]
    when:
      branch:
        only: [main, /^release-/]
        ignore: [wip]
      condition:
        all:
          isMain: '"\${{CF_BRANCH}}" == "main"'
        any:
          always: true
      steps:
        - name: clone
          on: [success, failure, finished, approved, denied, skipped, executed]
  clone:
    stage: clone
    type: git-clone
    repo: acme/api
    timeout: 30s
`;

/** Each step type with each of its own fields. */
const EVERY_STEP_TYPE = `version: '1.0'
steps:
  main_clone:
    type: git-clone
    repo: https://github.com/acme/api
    revision: \${{CF_REVISION}}
    git: CF-default
    credentials:
      username: robot
      password: \${{GIT_TOKEN}}
    depth: 1
    use_proxy: true
    exclude_blobs: false
    working_directory: /codefresh/volume
  build:
    type: build
    image_name: acme/api
    dockerfile:
      content: FROM alpine:3.20
    tag: \${{CF_BRANCH_TAG_NORMALIZED}}
    tags: [latest, 1.2, '\${{CF_SHORT_REVISION}}']
    tag_policy: lowercase
    build_arguments: [NODE_VERSION=24]
    target: production
    working_directory: \${{main_clone}}
    no_cache: true
    registry: docker-hub
    disable_push: false
    buildx:
      qemu:
        image: tonistiigi/binfmt
    platform: linux/amd64,linux/arm64
    metadata:
      set:
        - qa: pending
  push:
    type: push
    candidate: \${{build}}
    tag: \${{CF_BRANCH}}
    tags: [stable]
    image_name: acme/api-release
    registry: ghcr
    provider: docker
  test:
    type: freestyle
    image: node:24
    commands:
      - npm test
    cmd: [--version]
    entry_point: [/bin/sh, -c]
    shell: bash
    environment:
      - NODE_ENV=test
    volumes: [/tmp:/tmp]
    working_directory: \${{main_clone}}
  untyped:
    image: alpine:3.20
    environment:
      CI: 'true'
  approve:
    type: pending-approval
    title: Wait for a release manager
    timeout:
      duration: 2
      timeUnit: hours
      finalState: denied
  approve_plainly:
    type: pending-approval
  integration:
    type: composition
    composition:
      version: '2'
      services:
        db:
          image: postgres:17
    composition_candidates:
      tests:
        image: \${{build}}
        command: npm run integration
    composition_variables: [DB=postgres]
  named_composition:
    type: composition
    composition: my-services
  checks:
    type: parallel
    steps:
      lint:
        image: node:24
        commands: [npm run lint]
      nested:
        type: parallel
        steps:
          audit:
            image: node:24
  deploy:
    type: deploy
    kind: kubernetes
    cluster: prod-eu
    namespace: payments
    service: payments
    timeout: '150'
    candidate:
      image: \${{build}}
      registry: docker-hub
  deploy_manifest:
    type: deploy
    kind: kubernetes
    cluster: prod-eu
    namespace: payments
    file_path: k8s/deployment.yml
    timeout: 5m
`;

describe('PIPELINE_SCHEMA: definitions of the format pass', () => {
  it.each([
    ['the inline template', INLINE_TEMPLATE],
    ['the seeds’ git-clone + build', SEED_CLONE_AND_BUILD],
    ['the seeds’ git-clone + build + push', SEED_CLONE_BUILD_PUSH],
    ['every root and common step field', EVERY_COMMON_FIELD],
    ['every step type with its own fields', EVERY_STEP_TYPE],
  ])('%s', (_, yaml) => {
    expect(checkDefinitionFormat(yaml)).toEqual([]);
  });

  it('describes every field, lists every step type, and closes every type’s fields', () => {
    const undescribed: string[] = [];
    const visit = (schema: unknown, path: string) => {
      if (typeof schema !== 'object' || schema === null) return;
      const { properties } = schema as { properties?: Record<string, { description?: string }> };
      for (const [name, property] of Object.entries(properties ?? {})) {
        if (!property.description && !path.includes('/if')) undescribed.push(`${path}/${name}`);
      }
      for (const [key, value] of Object.entries(schema)) {
        if (key !== 'defaultSnippets') visit(value, `${path}/${key}`);
      }
    };
    visit(PIPELINE_SCHEMA, '#');
    expect(undescribed).toEqual([]);
    expect(Object.keys(STEP_TYPE_DESCRIPTIONS)).toEqual([...STEP_TYPES]);
    for (const type of STEP_TYPES) {
      expect(STEP_TYPE_SCHEMAS[type].additionalProperties, type).toBe(false);
      expect(STEP_TYPE_SCHEMAS[type].properties?.type?.enum, type).toEqual([...STEP_TYPES]);
    }
    // Nothing for the editor to fetch.
    expect(JSON.stringify(PIPELINE_SCHEMA)).not.toMatch(/"\$ref":"(?!#)/);
  });
});

/** One mistake: where it is and what is said of it. */
type Expected = {
  line: number;
  column: number;
  message: string | RegExp;
  suggestion?: string;
  /** The check that finds it: `format` unless said. */
  code?: string;
};

function only(yaml: string): ReturnType<typeof checkDefinitionFormat>[number] {
  const problems = checkDefinitionFormat(yaml);
  expect(problems, JSON.stringify(problems, null, 2)).toHaveLength(1);
  return problems[0]!;
}

function expectProblem(yaml: string, expected: Expected, code = expected.code ?? 'format') {
  const problem = only(yaml);
  expect(problem).toMatchObject({ line: expected.line, column: expected.column, code });
  if (typeof expected.message === 'string') expect(problem.message).toBe(expected.message);
  else expect(problem.message).toMatch(expected.message);
  expect(problem.suggestion).toBe(expected.suggestion);
}

const step = (body: string) => `version: '1.0'\nsteps:\n  app:\n${body}`;

describe('checkDefinitionFormat: each kind of mistake, where it is', () => {
  it.each<[string, string, Expected]>([
    [
      'missing version',
      'steps:\n  app:\n    image: alpine\n',
      { line: 1, column: 1, message: "The definition needs `version: '1.0'`." },
    ],
    [
      'missing steps',
      "# the build\nversion: '1.0'\nstages: [test]\n",
      { line: 2, column: 1, message: 'The definition needs `steps`.' },
    ],
    [
      'no step at all',
      "version: '1.0'\nsteps: {}\n",
      { line: 2, column: 1, message: '`steps` needs at least one step.' },
    ],
    [
      'a version that is not 1.0',
      "version: '2.0'\nsteps:\n  app:\n    image: alpine\n",
      {
        line: 1,
        column: 10,
        message: "`version` must be one of '1.0', 1, not \"2.0\". Did you mean '1.0'?",
        suggestion: '1.0',
      },
    ],
    [
      'a mode that is not an allowed value',
      "version: '1.0'\nmode: serial\nsteps:\n  app:\n    image: alpine\n",
      { line: 2, column: 7, message: '`mode` must be one of sequential, parallel, not "serial".' },
    ],
    [
      'an unknown root field, close to a known one',
      "version: '1.0'\nstage: [test]\nsteps:\n  app:\n    image: alpine\n",
      {
        line: 2,
        column: 1,
        message: 'Unknown field `stage` at the top level of the definition. Did you mean `stages`?',
        suggestion: 'stages',
      },
    ],
    [
      'an unknown field of a build step, cut short',
      step('    type: build\n    image_name: acme/api\n    imag: acme/api\n'),
      {
        line: 6,
        column: 5,
        message: 'Unknown field `imag` in step `app`. Did you mean `image_name`?',
        suggestion: 'image_name',
      },
    ],
    [
      'an unknown field far from every known one',
      step('    image: alpine\n    colour: red\n'),
      { line: 5, column: 5, message: 'Unknown field `colour` in step `app`.' },
    ],
    [
      'a git-clone step without repo',
      step('    type: git-clone\n    revision: main\n'),
      { line: 3, column: 3, message: 'Step `app` (type git-clone) needs `repo`.' },
    ],
    [
      'a build step without image_name',
      step('    type: build\n    tag: latest\n'),
      { line: 3, column: 3, message: 'Step `app` (type build) needs `image_name`.' },
    ],
    [
      'a push step without candidate',
      step('    type: push\n    registry: ghcr\n'),
      { line: 3, column: 3, message: 'Step `app` (type push) needs `candidate`.' },
    ],
    [
      'a freestyle step without image',
      step('    type: freestyle\n    commands: [ls]\n'),
      { line: 3, column: 3, message: 'Step `app` (type freestyle) needs `image`.' },
    ],
    [
      'a step without type and without image',
      step('    commands: [ls]\n'),
      {
        line: 3,
        column: 3,
        message: 'Step `app` (a step without type is a freestyle step) needs `image`.',
      },
    ],
    [
      'a deploy step with neither service nor file_path',
      step('    type: deploy\n    kind: kubernetes\n    cluster: prod\n    namespace: web\n'),
      { line: 3, column: 3, message: 'Step `app` (type deploy) needs `service` or `file_path`.' },
    ],
    [
      'a composition step without composition',
      step('    type: composition\n    composition_variables: [A=1]\n'),
      { line: 3, column: 3, message: 'Step `app` (type composition) needs `composition`.' },
    ],
    [
      'a parallel step without steps',
      step('    type: parallel\n'),
      { line: 3, column: 3, message: 'Step `app` (type parallel) needs `steps`.' },
    ],
    [
      'a step of an unknown type',
      step('    type: biuld\n    image_name: acme/api\n'),
      {
        line: 4,
        column: 11,
        message:
          'Step `app` has an unknown type "biuld": use one of freestyle, git-clone, build, push, deploy, pending-approval, composition, parallel, or leave type out for a freestyle step. Did you mean build?',
        suggestion: 'build',
      },
    ],
    [
      'a boolean written as text',
      step('    image: alpine\n    fail_fast: "yes"\n'),
      {
        line: 5,
        column: 16,
        message: '`fail_fast` of step `app` must be true or false, not "yes".',
      },
    ],
    [
      'a boolean written as yes (YAML 1.2 reads it as text)',
      "version: '1.0'\nfail_fast: yes\nsteps:\n  app:\n    image: alpine\n",
      { line: 2, column: 12, message: '`fail_fast` must be true or false, not "yes".' },
    ],
    [
      'a timeout that is not a duration',
      step('    image: alpine\n    timeout: 10 minutes\n'),
      {
        line: 5,
        column: 14,
        message:
          '`timeout` of step `app` must be a duration such as 30s, 10m or 1.5h, not "10 minutes".',
      },
    ],
    [
      'a timeout given as a number',
      step('    image: alpine\n    timeout: 10\n'),
      { line: 5, column: 14, message: '`timeout` of step `app` must be text, not 10.' },
    ],
    [
      'a when.steps state that is not one of the states',
      step(
        '    image: alpine\n    when:\n      steps:\n        - name: clone\n          on: [succes]\n',
      ),
      {
        line: 8,
        column: 16,
        message:
          '`when.steps[0].on[0]` of step `app` must be one of success, failure, finished, approved, denied, skipped, executed, not "succes". Did you mean success?',
        suggestion: 'success',
      },
    ],
    [
      'an unknown field of when.branch',
      step('    image: alpine\n    when:\n      branch:\n        ony: [main]\n'),
      {
        line: 7,
        column: 9,
        message: 'Unknown field `ony` in `when.branch` of step `app`. Did you mean `only`?',
        suggestion: 'only',
      },
    ],
    [
      'a retry that is not a whole number',
      step('    image: alpine\n    retry:\n      maxAttempts: 0\n'),
      {
        line: 6,
        column: 20,
        message: '`retry.maxAttempts` of step `app` must be at least 1, not 0.',
      },
    ],
    [
      'a pending-approval time unit that is not one',
      step('    type: pending-approval\n    timeout:\n      duration: 2\n      timeUnit: days\n'),
      {
        line: 7,
        column: 17,
        message: '`timeout.timeUnit` of step `app` must be one of minutes, hours, not "days".',
      },
    ],
    [
      'a deploy kind that is not kubernetes',
      step(
        '    type: deploy\n    kind: k8s\n    cluster: prod\n    namespace: web\n    service: web\n',
      ),
      { line: 5, column: 11, message: '`kind` of step `app` must be kubernetes, not "k8s".' },
    ],
    [
      'a step that is not a map',
      step('    run it\n').replace('  app:\n    run it', '  app: run it'),
      { line: 3, column: 8, message: 'Step `app` must be a map of its fields, not "run it".' },
    ],
    [
      'a step in a stage that is not listed',
      "version: '1.0'\nstages: [build, test]\nsteps:\n  app:\n    image: alpine\n    stage: tset\n",
      {
        line: 6,
        column: 12,
        // The same check as the editor's (server/domain/pipeline-references.ts).
        message: 'No stage named tset. Did you mean test?',
        suggestion: 'test',
        code: 'unknown-stage',
      },
    ],
    [
      'an unknown field of a step nested in a parallel step',
      step(
        '    type: parallel\n    steps:\n      lint:\n        image: node\n        comands: [ls]\n',
      ),
      {
        line: 8,
        column: 9,
        message: 'Unknown field `comands` in step `lint` in `app`. Did you mean `commands`?',
        suggestion: 'commands',
      },
    ],
    [
      'a nested step without image',
      step('    type: parallel\n    steps:\n      lint:\n        commands: [ls]\n'),
      {
        line: 6,
        column: 7,
        message: 'Step `lint` in `app` (a step without type is a freestyle step) needs `image`.',
      },
    ],
  ])('%s', (_, yaml, expected) => expectProblem(yaml, expected));

  it('names each required field of a deploy step that is missing, at the step', () => {
    const problems = checkDefinitionFormat(step('    type: deploy\n    service: web\n'));
    expect(problems.map(({ line, column, message }) => ({ line, column, message }))).toEqual(
      ['kind', 'cluster', 'namespace'].map((field) => ({
        line: 3,
        column: 3,
        message: `Step \`app\` (type deploy) needs \`${field}\`.`,
      })),
    );
  });

  it('answers a syntax error alone, as syntax, at its place', () => {
    // `colour` would be an unknown field: the format is not judged until the text is YAML.
    expectProblem(
      "version: '1.0'\nsteps:\n  app:\n    image: alpine: 3\n    colour: red\n",
      { line: 4, column: 12, message: 'Nested mappings are not allowed in compact mappings' },
      'syntax',
    );
    expectProblem(
      "version: '1.0'\nsteps:\n  app:\n    image: alpine\n   colour: red\n",
      { line: 5, column: 1, message: 'All mapping items must start at the same column' },
      'syntax',
    );
  });

  it('refuses a key written twice, at the second', () => {
    expectProblem(
      "version: '1.0'\nsteps:\n  app:\n    image: alpine\n    image: node\n",
      { line: 5, column: 5, message: /Map keys must be unique/ },
      'syntax',
    );
  });

  it('refuses too many aliases (a "billion laughs"), and says merge keys are not read', () => {
    const letters = 'abcdefghi';
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${letters[i + 1]}: &${letters[i + 1]} [${Array(10).fill(`*${letters[i]}`).join(', ')}]`,
      ),
      "version: '1.0'",
      'steps: { x: { image: alpine } }',
    ].join('\n');
    expectProblem(bomb, { line: 1, column: 1, message: /Excessive alias count/ }, 'syntax');
    expectProblem(
      step(
        '    image: alpine\n    env: &env { A: "1" }\n  other:\n    image: alpine\n    <<: *env\n',
      ),
      {
        line: 8,
        column: 5,
        message:
          'Unknown field `<<` in step `other`. Merge keys are not read: write the fields out, or reuse a whole value with an alias.',
      },
    );
  });

  it('refuses a definition that is not a map', () => {
    expectProblem('- just\n- a list\n', {
      line: 1,
      column: 1,
      message: 'The definition must be a map with version and steps, not a list.',
    });
  });

  it('marks the key of an empty value that is missing its map', () => {
    expectProblem("version: '1.0'\nmode:\nsteps:\n  app:\n    image: alpine\n", {
      line: 2,
      column: 1,
      message: '`mode` must be one of sequential, parallel, not empty.',
    });
  });

  it('gives the range of the value it points at', () => {
    expect(only(step('    image: alpine\n    shell: zsh\n'))).toMatchObject({
      line: 5,
      column: 12,
      endLine: 5,
      endColumn: 15,
    });
  });

  it('keeps ${{VARIABLE}} expressions where names, tags and numbers go', () => {
    const yaml = step(
      '    type: git-clone\n    repo: ${{REPO}}\n    depth: ${{DEPTH}}\n    revision: ${{CF_REVISION}}\n',
    );
    expect(checkDefinitionFormat(yaml)).toEqual([]);
    expect(only(yaml.replace('${{DEPTH}}', 'three')).message).toBe(
      '`depth` of step `app` must be a number, or a ${{VARIABLE}} expression, not "three".',
    );
  });

  it('answers problems in the order of the text, each once, at most 50', () => {
    const steps = Array.from(
      { length: 80 },
      (_, i) => `  s${i}:\n    image: alpine\n    bad_${i}: x\n`,
    ).join('');
    const problems = checkDefinitionFormat(`version: '1.0'\nmode: serial\nsteps:\n${steps}`);
    expect(problems).toHaveLength(DEFINITION_PROBLEMS_MAX);
    expect(problems[0]).toMatchObject({ line: 2 });
    const lines = problems.map((problem) => problem.line);
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(new Set(problems.map((problem) => problem.message)).size).toBe(problems.length);
  });

  it('checks a 2,000-line definition, and finds the one mistake at its end', () => {
    const stepText = (i: number) =>
      [
        `  step_${i}:`,
        `    title: Step ${i}`,
        `    image: node:24`,
        `    stage: test`,
        `    commands:`,
        `      - npm run task-${i}`,
        `    when:`,
        `      branch:`,
        `        only: [main]`,
        `    retry: { maxAttempts: 2 }`,
      ].join('\n');
    const body = Array.from({ length: 200 }, (_, i) => stepText(i)).join('\n');
    const yaml = `version: '1.0'\nstages: [test]\nsteps:\n${body}\n`;
    expect(yaml.split('\n').length).toBeGreaterThanOrEqual(2_000);
    expect(checkDefinitionFormat(yaml)).toEqual([]);
    const broken = yaml.replace('  step_199:\n    title', '  step_199:\n    tilte');
    expect(checkDefinitionFormat(broken)).toMatchObject([
      {
        line: 1995,
        column: 5,
        message: 'Unknown field `tilte` in step `step_199`. Did you mean `title`?',
      },
    ]);
  });
});

describe('closest', () => {
  it('suggests a name one slip away, a name cut short, then one two slips away', () => {
    expect(closest('imgae', ['image', 'commands'])).toBe('image');
    expect(closest('imag', ['image_name', 'tag'])).toBe('image_name');
    expect(closest('comands', ['commands', 'cmd'])).toBe('commands');
    expect(closest('colour', ['image', 'commands'])).toBeUndefined();
    expect(closest('x', ['a', 'b'])).toBeUndefined();
  });
});
