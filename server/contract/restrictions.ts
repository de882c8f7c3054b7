import { z } from 'zod';
import { branchNameSchema, definitionPathSchema, repositoryNameSchema } from './pipeline-sources';
import { globProblem, patternProblem } from '../domain/patterns';

/**
 * Per git provider, which pipeline definitions may be loaded from it (P-4.3): by repository (a
 * regular expression, or a picked list), by branch (a regular expression) and by the YAML file's
 * path (a glob). A restriction left empty (null) allows everything.
 */
export const RESTRICTION_KINDS = ['repositories', 'branches', 'paths'] as const;
export type RestrictionKind = (typeof RESTRICTION_KINDS)[number];

export const RESTRICTION_LABELS: Record<RestrictionKind, string> = {
  repositories: 'Repositories',
  branches: 'Branches',
  paths: 'Paths',
};

/** The most repositories a picked list holds. */
export const PICKED_REPOSITORIES_MAX = 500;

/** A regular expression written plainly or as `/…/flags` (P-4.4), refused with the reason. */
export const restrictionPatternSchema = z
  .string({ error: 'Write a regular expression.' })
  .trim()
  .superRefine((pattern, ctx) => {
    const problem = patternProblem(pattern);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const restrictionGlobSchema = z
  .string({ error: 'Write a glob pattern.' })
  .trim()
  .superRefine((glob, ctx) => {
    const problem = globProblem(glob);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const repositoryRestrictionSchema = z.union(
  [
    z.strictObject({ pattern: restrictionPatternSchema }),
    z.strictObject({
      names: z
        .array(repositoryNameSchema)
        .min(1, 'Pick at least one repository, or allow every repository.')
        .max(
          PICKED_REPOSITORIES_MAX,
          `Pick at most ${PICKED_REPOSITORIES_MAX} repositories; write a pattern for more.`,
        )
        .transform((names) => [...new Set(names)].sort()),
    }),
  ],
  { error: 'Give the repositories as { "pattern" } or { "names": [...] }, or null for all.' },
);
export type RepositoryRestriction = z.infer<typeof repositoryRestrictionSchema>;

/** `PUT /api/git-providers/:id/restrictions`: each restriction, or null to allow everything. */
export const updateRestrictionsRequestSchema = z.strictObject({
  repositories: repositoryRestrictionSchema.nullable(),
  branches: restrictionPatternSchema.nullable(),
  paths: restrictionGlobSchema.nullable(),
});
export type UpdateRestrictionsRequest = z.input<typeof updateRestrictionsRequestSchema>;
export type RestrictionSettings = z.output<typeof updateRestrictionsRequestSchema>;

/** `GET /api/git-providers/:id/restrictions`. */
export const restrictionsSchema = z.object({
  gitProviderId: z.string(),
  repositories: z
    .union([z.object({ pattern: z.string() }), z.object({ names: z.array(z.string()) })])
    .nullable(),
  branches: z.string().nullable(),
  paths: z.string().nullable(),
  /** How many pipelines take their definition from this provider, and how many of them break a restriction now. */
  pipelines: z.object({ total: z.number().int(), refused: z.number().int() }),
  version: z.number().int(),
  updatedAt: z.string().nullable(),
  updatedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
});
export type Restrictions = z.infer<typeof restrictionsSchema>;

/**
 * `POST /api/restrictions/test`: what the provider's restrictions say of one definition.
 * `restrictions`, when given, is tried instead of the saved ones, so a pattern can be tried
 * before it is saved (P-4.5).
 */
export const restrictionTestRequestSchema = z.strictObject({
  gitProviderId: z.uuid({ error: 'Choose a git provider.' }),
  repository: repositoryNameSchema,
  branch: branchNameSchema,
  path: definitionPathSchema,
  restrictions: updateRestrictionsRequestSchema.optional(),
});
export type RestrictionTestRequest = z.input<typeof restrictionTestRequestSchema>;

export const restrictionCheckSchema = z.object({
  restriction: z.enum(RESTRICTION_KINDS),
  /** What was tested against it: the repository, the branch or the path. */
  value: z.string(),
  /** The pattern, glob or picked list as written; null when the restriction is not set. */
  rule: z.string().nullable(),
  /** `allowed`, `refused`, or `not-set` (allows everything). */
  outcome: z.enum(['allowed', 'refused', 'not-set']),
  /** One sentence: "main does not match /^((pipeline-definition)$).*\/g." */
  detail: z.string(),
});
export type RestrictionCheck = z.infer<typeof restrictionCheckSchema>;

export const restrictionTestResultSchema = z.object({
  allowed: z.boolean(),
  checks: z.array(restrictionCheckSchema),
});
export type RestrictionTestResult = z.infer<typeof restrictionTestResultSchema>;

/** How many pipelines the impact of unsaved restrictions names; the rest are counted. */
export const RESTRICTION_IMPACT_LISTED = 10;

export const restrictionImpactPipelineSchema = z.object({
  id: z.string(),
  project: z.string(),
  name: z.string(),
  repository: z.string(),
  branch: z.string(),
  path: z.string(),
  /** It may run under the saved restrictions: saving these stops it. */
  stops: z.boolean(),
  /** What refuses it, one sentence per restriction: "Branches: main does not match ^release$." */
  refusedBy: z.array(z.string()),
});
export type RestrictionImpactPipeline = z.infer<typeof restrictionImpactPipelineSchema>;

/**
 * `POST /api/git-providers/:id/restrictions/impact`: what saving these restrictions would do to
 * the pipelines whose definition is a file on the provider, counted over all of them.
 */
export const restrictionImpactSchema = z.object({
  /** The pipelines whose definition is a file on this provider. */
  total: z.number().int(),
  /** How many of them these restrictions refuse. */
  refused: z.number().int(),
  /** Of those, how many the saved restrictions allow: saving stops them from running. */
  stopped: z.number().int(),
  /** How many the saved restrictions refuse and these allow: saving lets them run again. */
  allowedAgain: z.number().int(),
  /**
   * The first refused ones: those that stop first, then those already refused, each group by
   * project and name; at most RESTRICTION_IMPACT_LISTED.
   */
  pipelines: z.array(restrictionImpactPipelineSchema),
});
export type RestrictionImpact = z.infer<typeof restrictionImpactSchema>;
