import { z } from 'zod';

/**
 * Where a pipeline's definition comes from (P-4.1), and the three account-wide switches that
 * allow or forbid each source (P-4.2).
 */
export const PIPELINE_SOURCE_TYPES = ['inline', 'git', 'url'] as const;
export const pipelineSourceTypeSchema = z.enum(PIPELINE_SOURCE_TYPES, {
  error: 'Choose inline, git or url.',
});
export type PipelineSourceType = z.infer<typeof pipelineSourceTypeSchema>;

export const PIPELINE_SOURCE_LABELS: Record<PipelineSourceType, string> = {
  inline: 'Inline editor',
  git: 'File in a git repository',
  url: 'Public URL',
};

/** How the switches' sentences name each source ("Inline definitions are turned off"). */
export const PIPELINE_SOURCE_PLURALS: Record<PipelineSourceType, string> = {
  inline: 'Inline definitions',
  git: 'Definitions from git repositories',
  url: 'Definitions from public URLs',
};

/** The largest inline definition accepted, in characters. */
export const INLINE_YAML_MAX_LENGTH = 256 * 1024;

/** A new inline pipeline starts from this: small, valid, and runnable on any runner. */
export const INLINE_TEMPLATE = `version: '1.0'
stages:
  - test
steps:
  hello:
    title: Say hello
    stage: test
    image: alpine:3.20
    commands:
      - echo "Hello from \${{CF_PIPELINE_NAME}}"
`;

const inlineSourceSchema = z.strictObject({
  type: z.literal('inline'),
  yaml: z
    .string({ error: 'Give the definition as YAML text.' })
    .max(
      INLINE_YAML_MAX_LENGTH,
      `An inline definition has at most ${INLINE_YAML_MAX_LENGTH.toLocaleString('en')} characters.`,
    )
    .refine((yaml) => yaml.trim() !== '', 'Write the definition, or start from the template.'),
});

function hasControlCharacter(value: string): boolean {
  return [...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);
}

/** `owner/repository`, or `group/subgroup/repository` on GitLab. */
export const repositoryNameSchema = z
  .string({ error: 'Name the repository as owner/repository.' })
  .trim()
  .min(1, 'Name the repository as owner/repository.')
  .max(200, 'A repository name has at most 200 characters.')
  .regex(
    /^[A-Za-z0-9._-]+(?:\/[A-Za-z0-9._-]+)+$/,
    'Name the repository as owner/repository (letters, digits, dots, hyphens, underscores).',
  );

/** A branch name as git allows it (git check-ref-format, the rules people meet). */
export const branchNameSchema = z
  .string({ error: 'Name the branch.' })
  .trim()
  .min(1, 'Name the branch.')
  .max(250, 'A branch name has at most 250 characters.')
  .superRefine((branch, ctx) => {
    const problem =
      /[\s~^:?*[\\]/.test(branch) || hasControlCharacter(branch)
        ? 'A branch name has no spaces and none of ~ ^ : ? * [ \\.'
        : branch.includes('..') || branch.includes('@{') || branch.includes('//')
          ? 'A branch name has no "..", "@{" or "//".'
          : /^[-/.]|[/.]$|\.lock$/.test(branch)
            ? 'A branch name does not start with - / or ., nor end with / . or .lock.'
            : undefined;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** The YAML file's path from the repository's root. */
export const definitionPathSchema = z
  .string({ error: 'Give the path of the YAML file.' })
  .trim()
  .transform((path) => path.replace(/^\.?\/+/, ''))
  .pipe(
    z
      .string()
      .min(1, 'Give the path of the YAML file, such as codefresh.yml.')
      .max(500, 'A path has at most 500 characters.')
      .refine((path) => !path.endsWith('/'), 'Give the path of a file, not a folder.')
      .refine(
        (path) => !path.split('/').some((part) => part === '..' || part === '.' || part === ''),
        'Give the path from the repository’s root, without "..", "." or "//".',
      )
      .refine(
        (path) => !path.includes('\\') && !hasControlCharacter(path),
        'A path has no control characters or backslashes.',
      ),
  );

const gitSourceSchema = z.strictObject({
  type: z.literal('git'),
  gitProviderId: z.uuid({ error: 'Choose a git provider.' }),
  repository: repositoryNameSchema,
  branch: branchNameSchema,
  path: definitionPathSchema,
});

/** An `https://` address with a host and no credentials in it. */
export const publicUrlSchema = z
  .string({ error: 'Give the address of the YAML file.' })
  .trim()
  .min(1, { error: 'Give the address of the YAML file.', abort: true })
  .max(2000, { error: 'An address has at most 2,000 characters.', abort: true })
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'Give a whole address, such as https://…/ci.yml.' });
      return;
    }
    const problem =
      url.protocol !== 'https:'
        ? 'Public definitions are loaded over HTTPS only: the address starts with https://.'
        : url.username || url.password
          ? 'Leave credentials out of the address: a public URL needs none, and they would be shown to everyone who may read the pipeline.'
          : url.hostname === ''
            ? 'Give the address with its host name.'
            : undefined;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const urlSourceSchema = z.strictObject({ type: z.literal('url'), url: publicUrlSchema });

/** P-4.1: `{ type: 'inline', yaml }`, `{ type: 'git', gitProviderId, repository, branch, path }` or `{ type: 'url', url }`. */
export const pipelineSourceSchema = z.discriminatedUnion(
  'type',
  [inlineSourceSchema, gitSourceSchema, urlSourceSchema],
  { error: 'Choose where the definition comes from: inline, git or url.' },
);
export type PipelineSource = z.infer<typeof pipelineSourceSchema>;
export type PipelineSourceInput = z.input<typeof pipelineSourceSchema>;

/**
 * A pipeline's source as the API answers it. Lists leave the inline YAML out (a page of twenty
 * definitions would weigh megabytes); one pipeline carries it. A git source names its provider,
 * and keeps the repository, branch and path when the provider is deleted (id and name null).
 */
export const pipelineSourceViewSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('inline'),
    /** Absent in lists. */
    yaml: z.string().optional(),
  }),
  z.object({
    type: z.literal('git'),
    gitProviderId: z.string().nullable(),
    gitProviderName: z.string().nullable(),
    repository: z.string(),
    branch: z.string(),
    path: z.string(),
  }),
  z.object({ type: z.literal('url'), url: z.string() }),
]);
export type PipelineSourceView = z.infer<typeof pipelineSourceViewSchema>;

/**
 * Whether the pipeline may run now, for the person who asks, and why not (P-4.2, P-4.3, P-2).
 * Worked out by the server from the switches, the git provider's restrictions and, for an inline
 * definition, whether the caller may read every cluster it deploys to; the Run button shows
 * `reason`.
 */
export const runnabilitySchema = z.object({
  allowed: z.boolean(),
  /** `source-disabled`, `restricted`, `provider-missing`, `cluster-not-allowed`; null when allowed. */
  code: z
    .enum(['source-disabled', 'restricted', 'provider-missing', 'cluster-not-allowed'])
    .nullable(),
  reason: z.string().nullable(),
});
export type Runnability = z.infer<typeof runnabilitySchema>;

/** `GET /api/settings/pipeline-sources`: the switches, how many pipelines use each, who set them. */
export const pipelineSourcesSchema = z.object({
  inline: z.boolean(),
  git: z.boolean(),
  url: z.boolean(),
  /** How many pipelines of the account use each source: what turning it off stops. */
  usage: z.object({ inline: z.number().int(), git: z.number().int(), url: z.number().int() }),
  updatedAt: z.string().nullable(),
  updatedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
});
export type PipelineSources = z.infer<typeof pipelineSourcesSchema>;

export const updatePipelineSourcesRequestSchema = z.strictObject({
  inline: z.boolean({ error: 'Say whether inline definitions are allowed (true or false).' }),
  git: z.boolean({ error: 'Say whether definitions from git are allowed (true or false).' }),
  url: z.boolean({
    error: 'Say whether definitions from public URLs are allowed (true or false).',
  }),
});
export type UpdatePipelineSourcesRequest = z.input<typeof updatePipelineSourcesRequestSchema>;

/** The sentence a turned-off source gives, at creation (422) and at run time (409). */
export function sourceDisabledReason(type: PipelineSourceType): string {
  return `${PIPELINE_SOURCE_PLURALS[type]} are turned off for this account; an administrator can turn them on again under Pipeline sources.`;
}
