/**
 * The pipeline definition format (docs: pipeline-format.md) as a JSON Schema, draft-07: one
 * source of truth for the inline editor (monaco-yaml: markers, hover text from `description`,
 * completion from `enum` and `defaultSnippets`) and for the server's check on save
 * (server/src/modules/pipelines/definition-format.ts, with ajv).
 *
 * Steps dispatch on `type` with `if`/`then`: each `then` lists every field its type allows
 * (the common ones and its own) with `additionalProperties: false`, so a misspelt field is
 * caught; a step without `type` is a freestyle step. The schema is self-contained: nothing in
 * it is fetched, and `$schema` names the draft both tools know built in.
 */

/** The slice of JSON Schema (draft-07) this schema uses, plus the editor's annotations. */
export interface JsonSchema {
  $schema?: string;
  $ref?: string;
  title?: string;
  description?: string;
  type?: JsonType | JsonType[];
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  minimum?: number;
  exclusiveMinimum?: number;
  minLength?: number;
  minItems?: number;
  minProperties?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  allOf?: JsonSchema[];
  anyOf?: JsonSchema[];
  not?: JsonSchema;
  if?: JsonSchema;
  then?: JsonSchema;
  definitions?: Record<string, JsonSchema>;
  default?: unknown;
  examples?: unknown[];
  /**
   * yaml-language-server: what completion inserts for the value. Strings are snippets: `${1:…}`
   * are tab stops, `\$` a literal dollar, and `'^…'` inserts the rest as a number.
   */
  defaultSnippets?: DefaultSnippet[];
}

export type JsonType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';

export interface DefaultSnippet {
  label: string;
  description?: string;
  body: unknown;
}

/** Annotation keywords the schema carries for the editor; a validator ignores them. */
export const EDITOR_KEYWORDS = ['defaultSnippets'] as const;

export const STEP_TYPES = [
  'freestyle',
  'git-clone',
  'build',
  'push',
  'deploy',
  'pending-approval',
  'composition',
  'parallel',
] as const;
export type StepType = (typeof STEP_TYPES)[number];

/** One line per step type, for the editor's completion list and hover. */
export const STEP_TYPE_DESCRIPTIONS: Record<StepType, string> = {
  freestyle:
    'Runs commands in a container of any image (the type of a step without `type`). Needs `image`.',
  'git-clone': 'Clones a git repository into the shared volume. Needs `repo`.',
  build: 'Builds a Docker image from a Dockerfile. Needs `image_name`.',
  push: 'Pushes a built image to a registry. Needs `candidate`, usually ${{BuildStepName}}.',
  deploy:
    'Deploys an image to a Kubernetes cluster. Needs `kind`, `cluster` and `namespace`, and `service` or `file_path`.',
  'pending-approval':
    'Stops the run until someone with the approve privilege approves or denies it.',
  composition: 'Starts a set of services (a compose file) around the steps that use them.',
  parallel: 'Runs its nested `steps` at the same time.',
};

/** A whole `${{NAME}}` expression: what may stand for a number. */
export const VARIABLE_PATTERN = '^\\$\\{\\{[^{}]+\\}\\}$';
/** A duration such as `30s`, `10m`, `1.5h` or `1h30m`, or a `${{NAME}}` expression. */
export const DURATION_PATTERN = '^(?:(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h))+|\\$\\{\\{[^{}]+\\}\\})$';
/** A whole number of seconds or a duration (the deploy step's wait), or a `${{NAME}}` expression. */
export const SECONDS_OR_DURATION_PATTERN =
  '^(?:\\d+|(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h))+|\\$\\{\\{[^{}]+\\}\\})$';

/** What a pattern asks for, in words: the server's message when a value does not match. */
export const PATTERN_HINTS: Record<string, string> = {
  [VARIABLE_PATTERN]: 'a number, or a ${{VARIABLE}} expression',
  [DURATION_PATTERN]: 'a duration such as 30s, 10m or 1.5h',
  [SECONDS_OR_DURATION_PATTERN]: 'a number of seconds, or a duration such as 30s, 10m or 1.5h',
};

// --- small builders: each field's kind once, with its own words -------------------------------

const text = (description: string, examples?: string[]): JsonSchema => ({
  type: 'string',
  description,
  ...(examples ? { examples } : {}),
});
const flag = (description: string): JsonSchema => ({ type: 'boolean', description });
const choice = (values: string[], description: string): JsonSchema => ({
  type: 'string',
  enum: values,
  description,
});
const map = (description: string): JsonSchema => ({ type: 'object', description });
const textList = (description: string): JsonSchema => ({
  type: 'array',
  items: { type: 'string' },
  description,
});
/** A whole number written as one, or as a `${{NAME}}` expression. */
const count = (description: string, minimum: number): JsonSchema => ({
  type: ['integer', 'string'],
  minimum,
  pattern: VARIABLE_PATTERN,
  description,
});
/** `KEY=value` lines, or a map of names to values. */
const variables = (description: string): JsonSchema => ({
  type: ['array', 'object'],
  items: { type: 'string' },
  description,
});
/** Image tags may be read as numbers by YAML (`tag: 1.2`): both are accepted. */
const tagValue = (description: string): JsonSchema => ({
  type: ['string', 'number'],
  description,
});
const closed = (description: string, properties: Record<string, JsonSchema>): JsonSchema => ({
  type: 'object',
  description,
  properties,
  additionalProperties: false,
});

// --- hooks -------------------------------------------------------------------------------------

const hookSchema = (when: string): JsonSchema =>
  closed(`Runs ${when}: commands (\`exec\`), and metadata or annotations to set.`, {
    exec: {
      type: ['array', 'object'],
      items: { type: 'string' },
      description:
        'The commands to run: a list of shell commands, or `{ image, commands }` to run them in an image of your choice.',
      defaultSnippets: [
        {
          label: 'exec in an image',
          body: { image: '${1:alpine:3.20}', commands: ['${2:echo done}'] },
        },
      ],
    },
    metadata: map('Metadata to set on images, such as `set: [{ ${{build}}: [{ qa: passed }] }]`.'),
    annotations: map('Annotations to set on the run or on images, with `set` and `unset` lists.'),
  });

const hooksSchema = (whose: string): JsonSchema =>
  closed(`What to run at points of ${whose}'s life: on_elected, on_finish, on_success, on_fail.`, {
    on_elected: hookSchema(`when ${whose} is picked up by a runner, before it starts`),
    on_finish: hookSchema(`when ${whose} ends, whether it succeeded or failed`),
    on_success: hookSchema(`when ${whose} succeeds`),
    on_fail: hookSchema(`when ${whose} fails`),
  });

// --- fields every step may have ----------------------------------------------------------------

const STEP_CONDITIONS = [
  'success',
  'failure',
  'finished',
  'approved',
  'denied',
  'skipped',
  'executed',
];

const whenSchema: JsonSchema = {
  ...closed('When the step runs: on some branches, when conditions hold, after other steps.', {
    branch: closed('Runs the step on some branches only, or on all but some.', {
      only: textList(
        'Branches the step runs on: names or /regular expressions/, such as `[main, /^release-/]`.',
      ),
      ignore: textList('Branches the step is skipped on: names or /regular expressions/.'),
    }),
    condition: closed(
      'Expressions that decide whether the step runs: every one under `all`, at least one under `any`.',
      {
        all: {
          type: 'object',
          additionalProperties: { type: ['string', 'boolean'] },
          description:
            'Named expressions that must all be true, such as `isMain: \'"${{CF_BRANCH}}" == "main"\'`.',
        },
        any: {
          type: 'object',
          additionalProperties: { type: ['string', 'boolean'] },
          description: 'Named expressions of which at least one must be true.',
        },
      },
    ),
    steps: {
      type: 'array',
      description:
        'Runs the step once other steps reach a state, such as `[{ name: tests, on: [success] }]`.',
      items: {
        type: 'object',
        required: ['name'],
        additionalProperties: false,
        properties: {
          name: text('The name of the step this one waits for.'),
          on: {
            type: 'array',
            description: `The states of that step that let this one run: ${STEP_CONDITIONS.join(', ')}.`,
            items: { type: 'string', enum: STEP_CONDITIONS },
          },
        },
        defaultSnippets: [
          { label: 'after a step succeeds', body: { name: '${1:step}', on: ['success'] } },
        ],
      },
    },
  }),
  defaultSnippets: [
    { label: 'on some branches', body: { branch: { only: ['${1:main}'] } } },
    {
      label: 'on a condition',
      body: { condition: { all: { '${1:isMain}': '"\\${{CF_BRANCH}}" == "${2:main}"' } } },
    },
  ],
};

const retrySchema: JsonSchema = {
  ...closed('Tries the step again when it fails.', {
    maxAttempts: {
      type: 'integer',
      minimum: 1,
      description: 'How many times to try again after a failure, such as 3.',
    },
    delay: {
      type: 'integer',
      minimum: 0,
      description: 'Seconds to wait before the first retry, such as 5.',
    },
    exponentialFactor: {
      type: 'number',
      minimum: 1,
      description: 'What each wait is multiplied by for the next retry, such as 2 (1 waits alike).',
    },
  }),
  defaultSnippets: [
    {
      label: 'retry',
      body: { maxAttempts: '^${1:3}', delay: '^${2:5}', exponentialFactor: '^${3:2}' },
    },
  ],
};

const stepTypeProperty: JsonSchema = {
  type: 'string',
  enum: [...STEP_TYPES],
  description: `What the step does. ${STEP_TYPES.map((type) => `${type}: ${STEP_TYPE_DESCRIPTIONS[type]}`).join(' ')}`,
};

export const commonStepProperties: Record<string, JsonSchema> = {
  type: stepTypeProperty,
  title: text('The name shown for the step in the run, such as "Build the image".'),
  description: text('A longer note on what the step is for.'),
  stage: text('The stage the step belongs to: one of the names listed under `stages`.'),
  fail_fast: flag(
    'Whether a failure of this step fails the run (true, the default) or lets it carry on (false).',
  ),
  strict_fail_fast: flag(
    'With fail_fast: false, whether the run still ends as failed when this step fails.',
  ),
  arguments: map('The step’s fields, nested under one key (an older way of writing a step).'),
  env: variables('Variables for this step only: a map of NAME: value, or a list of NAME=value.'),
  hooks: hooksSchema('the step'),
  debug: map('Stops the step for debugging at its phases, such as `phases: { before: true }`.'),
  timeout: {
    type: 'string',
    pattern: DURATION_PATTERN,
    description: 'How long the step may take before it is stopped, such as 30s, 10m or 1.5h.',
    examples: ['10m', '1.5h', '30s'],
  },
  retry: retrySchema,
  when: whenSchema,
};

// --- each type's own fields --------------------------------------------------------------------

const workingDirectory = text(
  'The folder the step works in, such as ${{main_clone}} (the folder a clone step checked out) or a path.',
);
const registryName = text(
  'The name of a container registry of the account, as listed under Integrations › Registries.',
);

const gitCloneProperties: Record<string, JsonSchema> = {
  repo: text('The repository to clone: owner/name, or its full URL.', [
    'acme/api',
    'https://github.com/acme/api',
  ]),
  revision: text('The branch, tag or commit to check out, such as ${{CF_REVISION}} or main.'),
  git: text(
    'The git provider to clone with: a git provider’s name of the account, or CF-default.',
    ['CF-default'],
  ),
  credentials: closed('A username and password to clone with instead of the provider’s.', {
    username: text('The user to clone as.'),
    password: text('The password or token, best given as a ${{SECRET}} variable.'),
  }),
  depth: count('How many commits of history to fetch (a shallow clone), such as 1.', 1),
  use_proxy: flag('Whether to clone through the proxy the runner is configured with.'),
  exclude_blobs: flag('Whether to leave file contents out of the clone (a blobless clone).'),
  working_directory: workingDirectory,
};

const buildProperties: Record<string, JsonSchema> = {
  image_name: text('The name of the image to build, without registry or tag, such as acme/api.'),
  dockerfile: {
    type: ['string', 'object'],
    description:
      'The Dockerfile to build from (Dockerfile by default), a path in the working directory, or `{ content: … }` inline.',
    properties: { content: text('The Dockerfile’s text.') },
    additionalProperties: false,
  },
  tag: tagValue('The tag of the image, such as ${{CF_BRANCH_TAG_NORMALIZED}} (latest by default).'),
  tags: { type: 'array', items: tagValue('A tag.'), description: 'Several tags for the image.' },
  tag_policy: choice(
    ['original', 'lowercase'],
    'Whether tags are kept as written (original) or lower-cased (lowercase, the default).',
  ),
  build_arguments: textList('Docker build arguments, as KEY=value lines.'),
  target: text('The stage of a multi-stage Dockerfile to build.'),
  working_directory: workingDirectory,
  no_cache: flag('Whether to build without the layer cache.'),
  registry: registryName,
  disable_push: flag('Whether to keep the image from being pushed to the default registry.'),
  buildx: {
    type: ['boolean', 'object'],
    description: 'Builds with Docker buildx: true, or its settings (`qemu`, `builder`).',
  },
  platform: text('The platforms to build for, such as linux/amd64,linux/arm64 (with buildx).'),
  metadata: map('Metadata to set on the built image, such as `set: [{ qa: pending }]`.'),
};

const pushProperties: Record<string, JsonSchema> = {
  candidate: text(
    'The image to push, usually the result of a build step written ${{BuildStepName}}.',
    ['${{build}}'],
  ),
  tag: tagValue('The tag to push the image with, such as ${{CF_BRANCH}}.'),
  tags: { type: 'array', items: tagValue('A tag.'), description: 'Several tags to push.' },
  image_name: text('The name to push the image as, if other than the one it was built with.'),
  registry: registryName,
  provider: choice(
    ['standard', 'docker', 'ecr'],
    'How to reach the registry: standard (the default), docker or ecr.',
  ),
};

const freestyleProperties: Record<string, JsonSchema> = {
  image: text('The image to run the commands in, such as node:24 or alpine:3.20.', [
    'alpine:3.20',
    'node:24',
  ]),
  commands: textList('Shell commands to run one after the other, such as `[npm ci, npm test]`.'),
  cmd: textList('Arguments given to the image’s entry point, instead of commands.'),
  entry_point: {
    type: ['string', 'array'],
    items: { type: 'string' },
    description: 'Replaces the image’s entry point: a command, or a list of its words.',
  },
  shell: choice(['sh', 'bash'], 'The shell the commands run in: sh (the default) or bash.'),
  environment: variables('Variables for the commands: a list of NAME=value, or a map.'),
  volumes: textList('Extra volumes to mount, as host:container lines.'),
  working_directory: workingDirectory,
};

const deployProperties: Record<string, JsonSchema> = {
  kind: choice(['kubernetes'], 'Where to deploy: kubernetes.'),
  cluster: text('The name of a Kubernetes cluster of the account to deploy to.'),
  namespace: text('The Kubernetes namespace to deploy in, such as default.'),
  service: text('The Kubernetes service whose deployment gets the new image.'),
  file_path: text('A Kubernetes manifest, in the working directory, to apply instead.'),
  timeout: {
    type: ['string', 'integer'],
    pattern: SECONDS_OR_DURATION_PATTERN,
    description:
      'How long to wait for the deployment to be ready: seconds, such as 150, or a duration such as 5m.',
  },
  candidate: {
    ...closed('The image to deploy, and the registry it is pulled from.', {
      image: text('The image, such as ${{build}} (a build step’s result).'),
      registry: registryName,
    }),
    required: ['image'],
  },
  working_directory: workingDirectory,
};

const pendingApprovalProperties: Record<string, JsonSchema> = {
  timeout: {
    ...closed('How long to wait for a decision, and what happens when nobody decides.', {
      duration: {
        type: 'number',
        exclusiveMinimum: 0,
        description: 'How long to wait, in timeUnit units, such as 2.',
      },
      timeUnit: choice(['minutes', 'hours'], 'The unit of duration: minutes or hours.'),
      finalState: choice(
        ['approved', 'denied', 'terminated'],
        'What the step becomes when the time is up: approved, denied or terminated.',
      ),
    }),
    defaultSnippets: [
      {
        label: 'deny after a time',
        body: { duration: '^${1:2}', timeUnit: 'hours', finalState: 'denied' },
      },
    ],
  },
};

const compositionProperties: Record<string, JsonSchema> = {
  composition: {
    type: ['object', 'string'],
    description: 'The services to start: a compose file’s content inline, or its name or path.',
  },
  composition_candidates: map('The services under test, in compose format, started with them.'),
  composition_variables: variables('Variables for the composition, as NAME=value lines.'),
};

// --- steps -------------------------------------------------------------------------------------

const STEP_REF: JsonSchema = { $ref: '#/definitions/step' };

/** A map of step names to steps; at least one. */
const stepsMap = (description: string): JsonSchema => ({
  type: 'object',
  description,
  minProperties: 1,
  additionalProperties: STEP_REF,
});

const parallelProperties: Record<string, JsonSchema> = {
  steps: stepsMap('The steps to run at the same time: a map of step names to steps.'),
};

/** Every field a step of one type may have (the common ones and its own), and no others. */
function stepOfType(own: Record<string, JsonSchema>, required: string[]): JsonSchema {
  return {
    properties: { ...commonStepProperties, ...own },
    required,
    additionalProperties: false,
  };
}

/** Each type's `then`: its fields and the ones it needs. */
export const STEP_TYPE_SCHEMAS: Record<StepType, JsonSchema> = {
  freestyle: stepOfType(freestyleProperties, ['image']),
  'git-clone': stepOfType(gitCloneProperties, ['repo']),
  build: stepOfType(buildProperties, ['image_name']),
  push: stepOfType(pushProperties, ['candidate']),
  deploy: {
    ...stepOfType(deployProperties, ['kind', 'cluster', 'namespace']),
    anyOf: [{ required: ['service'] }, { required: ['file_path'] }],
  },
  'pending-approval': stepOfType(pendingApprovalProperties, []),
  composition: stepOfType(compositionProperties, ['composition']),
  parallel: stepOfType(parallelProperties, ['steps']),
};

const STEP_SNIPPETS: DefaultSnippet[] = [
  {
    label: 'freestyle step',
    description: STEP_TYPE_DESCRIPTIONS.freestyle,
    body: { title: '${1:Run tests}', image: '${2:node:24}', commands: ['${3:npm test}'] },
  },
  {
    label: 'git-clone step',
    description: STEP_TYPE_DESCRIPTIONS['git-clone'],
    body: { type: 'git-clone', repo: '${1:owner/repository}', revision: '${2:main}' },
  },
  {
    label: 'build step',
    description: STEP_TYPE_DESCRIPTIONS.build,
    body: { type: 'build', image_name: '${1:owner/image}', tag: '\\${{${2:CF_SHORT_REVISION}}}' },
  },
  {
    label: 'push step',
    description: STEP_TYPE_DESCRIPTIONS.push,
    body: { type: 'push', candidate: '\\${{${1:build}}}', registry: '${2:registry}' },
  },
  {
    label: 'deploy step',
    description: STEP_TYPE_DESCRIPTIONS.deploy,
    body: {
      type: 'deploy',
      kind: 'kubernetes',
      cluster: '${1:cluster}',
      namespace: '${2:default}',
      service: '${3:service}',
    },
  },
  {
    label: 'pending-approval step',
    description: STEP_TYPE_DESCRIPTIONS['pending-approval'],
    body: { type: 'pending-approval', title: '${1:Wait for approval}' },
  },
  {
    label: 'parallel step',
    description: STEP_TYPE_DESCRIPTIONS.parallel,
    body: { type: 'parallel', steps: { '${1:first}': { image: '${2:alpine:3.20}' } } },
  },
];

const stepSchema: JsonSchema = {
  type: 'object',
  description:
    'A step of the pipeline. Its `type` says what it does; a step without one runs commands in an image (freestyle).',
  properties: { type: stepTypeProperty },
  allOf: [
    ...STEP_TYPES.map((type): JsonSchema => ({
      if: { properties: { type: { const: type } }, required: ['type'] },
      then: STEP_TYPE_SCHEMAS[type],
    })),
    { if: { not: { required: ['type'] } }, then: STEP_TYPE_SCHEMAS.freestyle },
  ],
  defaultSnippets: STEP_SNIPPETS,
};

// --- the definition ----------------------------------------------------------------------------

export const PIPELINE_SCHEMA: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Pipeline definition',
  description: 'A pipeline definition: its version, its steps, and how they run.',
  type: 'object',
  required: ['version', 'steps'],
  additionalProperties: false,
  properties: {
    version: {
      enum: ['1.0', 1],
      description: "The version of the definition format: '1.0'.",
      default: '1.0',
    },
    steps: stepsMap(
      'The steps of the pipeline, in the order they run: a map of step names to steps. A step’s name in ${{StepName}} stands for its result.',
    ),
    stages: {
      type: 'array',
      items: { type: 'string' },
      description:
        'The stages the run view groups steps into, in order, such as `[clone, build, deploy]`; a step names its own with `stage`.',
    },
    mode: choice(
      ['sequential', 'parallel'],
      'How the steps run: sequential (one after another, the default) or parallel (each when its `when` allows).',
    ),
    hooks: hooksSchema('the pipeline'),
    fail_fast: flag(
      'Whether the run stops at the first failed step (true, the default) or carries on (false).',
    ),
    strict_fail_fast: flag(
      'Whether the run ends as failed when a step with fail_fast: false fails.',
    ),
    indicators: {
      description: 'Indicators shown with the run, as the platform defines them.',
    },
    services: map(
      'Service containers kept running for the whole pipeline (`composition`, `name`).',
    ),
    build_version: choice(['v1', 'v2'], 'The build engine generation: v1 or v2.'),
  },
  definitions: { step: stepSchema },
};
