import { z } from 'zod';
import { privilegeSchema, resourceTypeSchema, tagMatchSchema } from './access';
import { IDLE_TIMEOUT_MAX_MINUTES, IDLE_TIMEOUT_MIN_MINUTES } from './constants';
import { MAX_TAGS_PER_RESOURCE } from '../domain/tags';

/*
 * Policy as code (issue 20): the account's whole access policy as one document, YAML or JSON.
 * Names are the keys (teams, people by email, providers, clusters, pipelines as project/name),
 * never ids, and nothing secret, so that an export from staging imports into production.
 *
 * The document's schema is deliberately plain (no transforms): it is published as a JSON Schema
 * (`GET /api/policy/schema.json`) for editors, and the server checks what JSON Schema cannot say
 * (names that must exist, patterns, tag rules) as problems with the YAML line and column.
 */

export const POLICY_DOCUMENT_VERSION = 1;

/** The path of the document's JSON Schema, beside /api/openapi.json. */
export const POLICY_SCHEMA_PATH = '/api/policy/schema.json';

/** The media types the export answers and the import takes. */
export const POLICY_YAML_TYPE = 'application/yaml';
export const POLICY_JSON_TYPE = 'application/json';

const name = (what: string) =>
  z
    .string({ error: `Name the ${what}.` })
    .min(1, `Name the ${what}.`)
    .max(500, `A ${what} name has at most 500 characters.`);

const tagList = z
  .array(z.string({ error: 'A tag is text.' }), { error: 'Give the tags as a list.' })
  .max(MAX_TAGS_PER_RESOURCE, `A resource carries at most ${MAX_TAGS_PER_RESOURCE} tags.`);

export const policySettingsSchema = z.strictObject({
  /** A session with no activity for this long is ended (P-3.1). */
  idleTimeoutMinutes: z
    .number({ error: 'Give the idle timeout as a number of minutes.' })
    .int({ error: 'Give the idle timeout as a whole number of minutes.' })
    .min(
      IDLE_TIMEOUT_MIN_MINUTES,
      `The idle timeout is at least ${IDLE_TIMEOUT_MIN_MINUTES} minutes.`,
    )
    .max(
      IDLE_TIMEOUT_MAX_MINUTES,
      `The idle timeout is at most ${IDLE_TIMEOUT_MAX_MINUTES} minutes.`,
    ),
  /** P-1.8: when not empty, only these domains may be invited. Sorted. */
  invitationDomains: z
    .array(z.string({ error: 'A domain is text.' }), { error: 'Give the domains as a list.' })
    .max(100, 'List at most 100 domains.'),
  /** P-4.2: which sources a pipeline's definition may come from. */
  pipelineSources: z.strictObject({ inline: z.boolean(), git: z.boolean(), url: z.boolean() }),
});
export type PolicySettings = z.infer<typeof policySettingsSchema>;

/** The groups of one SSO provider (by its name) whose members belong to the team. */
export const policyTeamSsoSchema = z.strictObject({
  provider: name('SSO provider'),
  groups: z.array(name('group')).min(1, 'Name at least one group.'),
});
export type PolicyTeamSso = z.infer<typeof policyTeamSsoSchema>;

export const policyTeamSchema = z.strictObject({
  name: name('team'),
  /**
   * The members by email, sorted. Left out for the built-in teams `users` and `admins`, whose
   * members follow from the people's roles, and for a team whose members follow its SSO groups.
   */
  members: z
    .array(z.string({ error: 'A member is an email address.' }), {
      error: 'Give the members as a list of email addresses.',
    })
    .max(10_000, 'A team has at most 10,000 members here.')
    .optional(),
  /**
   * The SSO group mappings that name this team, one entry per provider (sorted by provider).
   * Left out when no provider maps a group to the team.
   */
  sso: z.array(policyTeamSsoSchema).optional(),
});
export type PolicyTeam = z.infer<typeof policyTeamSchema>;

/** A rule as its sentence's data: "Team qa can read, run pipelines tagged staging or qa." */
export const policyRuleSchema = z.strictObject({
  team: name('team'),
  kind: resourceTypeSchema,
  privileges: z.array(privilegeSchema).min(1, 'Choose at least one privilege.'),
  tags: z.array(z.string({ error: 'A tag is text.' })).min(1, 'Choose at least one tag.'),
  match: tagMatchSchema,
});
export type PolicyRule = z.infer<typeof policyRuleSchema>;

export const policyRestrictionSchema = z.strictObject({
  repositories: z
    .union([
      z.strictObject({ pattern: z.string() }),
      z.strictObject({ names: z.array(z.string()) }),
    ])
    .nullable(),
  branches: z.string().nullable(),
  paths: z.string().nullable(),
});
export type PolicyRestriction = z.infer<typeof policyRestrictionSchema>;

export const policyDocumentSchema = z
  .strictObject({
    version: z.literal(POLICY_DOCUMENT_VERSION, {
      error: `This is version ${POLICY_DOCUMENT_VERSION} of the policy document: write version: ${POLICY_DOCUMENT_VERSION}.`,
    }),
    settings: policySettingsSchema,
    /** Every team of the account, the built-in ones included, sorted by name. */
    teams: z.array(policyTeamSchema),
    /** Every rule, sorted (kind, team, tags, privileges, match). */
    rules: z.array(policyRuleSchema),
    tags: z.strictObject({
      /** By cluster name. Clusters not listed keep no tags (they are untagged). */
      clusters: z.record(z.string(), tagList),
      /** By `project/name`. Pipelines not listed keep no tags (they are untagged). */
      pipelines: z.record(z.string(), tagList),
    }),
    /** By git provider name; a provider not listed has no restriction (allows everything). */
    restrictions: z.record(z.string(), policyRestrictionSchema),
  })
  .meta({
    title: 'Perimeter policy',
    description:
      'The access policy of a Perimeter account: export with GET /api/policy, plan with POST /api/policy/import?dryRun=true, apply with POST /api/policy/import.',
  });
export type PolicyDocument = z.infer<typeof policyDocumentSchema>;

/* ------------------------------------------------------------------------------------------ */
/* The plan                                                                                    */
/* ------------------------------------------------------------------------------------------ */

export const POLICY_PROBLEM_CODES = [
  /** Not YAML or JSON, or not the document's shape (the schema's message). */
  'invalid-document',
  'unknown-team',
  'unknown-person',
  /** A git provider or an SSO provider named that does not exist. */
  'unknown-provider',
  /** A cluster or pipeline named in tags that does not exist. */
  'unknown-resource',
  /** A tag or a tag list the console would refuse (see decisions.md). */
  'invalid-tag',
  'tag-escalation',
  /** A restriction's pattern or glob, a domain, or a rule's tags the console would refuse. */
  'invalid-pattern',
  'duplicate-name',
  /** The built-in teams cannot be removed, renamed or given members. */
  'built-in-team',
  /** A team whose members follow SSO groups cannot be given members by hand. */
  'team-managed',
  /** Teams beyond the built-in ones need the Enterprise plan (P-1.6). */
  'plan-required',
] as const;
export const policyProblemCodeSchema = z.enum(POLICY_PROBLEM_CODES);
export type PolicyProblemCode = z.infer<typeof policyProblemCodeSchema>;

export const policyProblemSchema = z.object({
  code: policyProblemCodeSchema,
  message: z.string(),
  /** Where in the document: `['teams', 2, 'members', 0]`. */
  path: z.array(z.union([z.string(), z.number()])),
  /** 1-based line and column of the offending node in the text sent. */
  line: z.number().int(),
  column: z.number().int(),
});
export type PolicyProblem = z.infer<typeof policyProblemSchema>;

export const planItemSchema = z.object({
  /** The name: a team, a rule's sentence key, a cluster, `project/name`, a provider, a setting. */
  key: z.string(),
  /** One sentence: "Team qa gains 2 members (ada@example.com, alan@example.com)." */
  summary: z.string(),
});
export type PlanItem = z.infer<typeof planItemSchema>;

export const POLICY_SECTIONS = [
  'settings',
  'teams',
  'rules',
  'clusterTags',
  'pipelineTags',
  'restrictions',
] as const;
export type PolicySection = (typeof POLICY_SECTIONS)[number];

export const planSectionSchema = z.object({
  added: z.array(planItemSchema),
  changed: z.array(planItemSchema),
  removed: z.array(planItemSchema),
});
export type PlanSection = z.infer<typeof planSectionSchema>;

export const impactLineSchema = z.object({
  person: z.object({ id: z.string(), name: z.string(), email: z.string() }),
  privilege: privilegeSchema,
  resourceType: resourceTypeSchema,
  /** On how many resources. */
  count: z.number().int(),
  /** The first five, by name. */
  resources: z.array(z.object({ id: z.string(), name: z.string() })),
});
export type ImpactLine = z.infer<typeof impactLineSchema>;

/** How many impact lines each of gains and losses lists at most; `truncated` says there were more. */
export const POLICY_IMPACT_LINES_MAX = 500;

export const policyPlanSchema = z.object({
  /** The current policy's version (its ETag) the plan was computed against. */
  version: z.string(),
  /** Empty means the document can be applied. */
  problems: z.array(policyProblemSchema),
  sections: z.object({
    settings: planSectionSchema,
    teams: planSectionSchema,
    rules: planSectionSchema,
    clusterTags: planSectionSchema,
    pipelineTags: planSectionSchema,
    restrictions: planSectionSchema,
  }),
  /** Who gains and who loses which privilege, on how many resources (the impact preview's engine). */
  impact: z.object({
    gains: z.array(impactLineSchema),
    losses: z.array(impactLineSchema),
    /** More lines than POLICY_IMPACT_LINES_MAX, or too many people or resources to compute all. */
    truncated: z.boolean(),
  }),
});
export type PolicyPlan = z.infer<typeof policyPlanSchema>;

export const policyImportQuerySchema = z.object({
  dryRun: z
    .enum(['true', 'false'], { error: 'dryRun is true or false.' })
    .optional()
    .transform((value) => value === 'true'),
});

export const policyApplyResultSchema = z.object({
  applied: z.literal(true),
  /** The policy's new version (ETag). */
  version: z.string(),
  plan: policyPlanSchema,
});
export type PolicyApplyResult = z.infer<typeof policyApplyResultSchema>;
