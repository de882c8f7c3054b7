import { z } from 'zod';
import { listQuerySchema, pageOf } from './pagination';
import { PRIVILEGES, RESOURCE_TYPES, ruleProblems, TAG_MATCHES } from '../domain/access/rules';
import { EVERY_TAG, MAX_TAGS_PER_RESOURCE, UNTAGGED } from '../domain/tags';

export const resourceTypeSchema = z.enum(RESOURCE_TYPES, {
  error: 'Choose cluster or pipeline.',
});
export type ResourceType = z.infer<typeof resourceTypeSchema>;

export const privilegeSchema = z.enum(PRIVILEGES, {
  error: `Choose one of ${PRIVILEGES.join(', ')}.`,
});
export type Privilege = z.infer<typeof privilegeSchema>;

export const tagMatchSchema = z.enum(TAG_MATCHES, { error: 'Choose any or all.' });
export type TagMatch = z.infer<typeof tagMatchSchema>;

export const MAX_RULE_TAGS = 20;
/** The longest note a rule may carry (issue 20): a sentence or two on why it exists. */
export const MAX_RULE_NOTE = 500;

/** Why a rule exists: trimmed; empty (or null) means no note. */
export const ruleNoteSchema = z
  .string({ error: 'A note is text.' })
  .trim()
  .max(MAX_RULE_NOTE, `Keep the note to at most ${MAX_RULE_NOTE} characters.`)
  .nullable()
  .transform((note) => (note ? note : null));

/** What a rule says (P-2.2, P-2.4), as it is sent to create, replace or preview one. */
export const ruleInputSchema = z
  .strictObject({
    teamId: z.uuid({ error: 'Choose a team.' }),
    resourceType: resourceTypeSchema,
    privileges: z
      .array(privilegeSchema, { error: 'Choose the privileges as a list.' })
      .min(1, 'Choose at least one privilege.'),
    tags: z
      .array(z.string({ error: 'A tag is text.' }), { error: 'Give the tags as a list.' })
      .min(1, `Choose at least one tag, or ${UNTAGGED}, or ${EVERY_TAG}.`)
      .max(MAX_RULE_TAGS, `A rule names at most ${MAX_RULE_TAGS} tags.`),
    tagMatch: tagMatchSchema.default('any'),
    /** Why the rule exists (issue 20); empty or null for none. Left out: none. */
    note: ruleNoteSchema.optional().transform((note) => note ?? null),
  })
  .superRefine((rule, ctx) => {
    for (const { path, message } of ruleProblems(rule)) {
      ctx.addIssue({ code: 'custom', path, message });
    }
  });
export type RuleInput = z.input<typeof ruleInputSchema>;
export type ParsedRuleInput = z.output<typeof ruleInputSchema>;

export const ruleSchema = z.object({
  id: z.string(),
  /** Numbered in the order rules were written, so that people can say "rule 4". */
  number: z.number().int(),
  team: z.object({ id: z.string(), name: z.string(), builtIn: z.boolean() }),
  resourceType: resourceTypeSchema,
  privileges: z.array(privilegeSchema),
  tags: z.array(z.string()),
  tagMatch: tagMatchSchema,
  /** Why the rule exists, in the administrator's words; null for none. */
  note: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Rule = z.infer<typeof ruleSchema>;

/** Rule hygiene (P-2.10): things an administrator would want to know about a rule. */
export const ruleWarningSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('matches-nothing'), message: z.string() }),
  z.object({ kind: z.literal('covered'), message: z.string(), byRuleNumber: z.number().int() }),
  z.object({ kind: z.literal('create-without-read'), message: z.string() }),
  z.object({ kind: z.literal('team-without-members'), message: z.string() }),
]);
export type RuleWarning = z.infer<typeof ruleWarningSchema>;

export const ruleWithWarningsSchema = ruleSchema.extend({
  /** The sentence the console shows: "Team qa can read, run pipelines tagged staging or qa." */
  sentence: z.string(),
  /** Privileges the rule grants through P-2.6 without naming them (read, from update). */
  impliedPrivileges: z.array(privilegeSchema),
  warnings: z.array(ruleWarningSchema),
});
export type RuleWithWarnings = z.infer<typeof ruleWithWarningsSchema>;

/** How `GET /api/rules` can be sorted; `-` in front sorts descending. Ties go by number. */
export const RULE_SORTS = [
  'number',
  '-number',
  'team',
  '-team',
  'kind',
  '-kind',
  'updatedAt',
  '-updatedAt',
] as const;
export type RuleSort = (typeof RULE_SORTS)[number];

export const ruleListQuerySchema = listQuerySchema.extend({
  /** By rule number (the default), team name, kind or last change; `-` in front: descending. */
  sort: z.enum(RULE_SORTS, { error: `Sort by one of ${RULE_SORTS.join(', ')}.` }).default('number'),
  resourceType: resourceTypeSchema.optional(),
  teamId: z.uuid({ error: 'Not a valid team id.' }).optional(),
  /** Rules that name this tag (`untagged` and `*` included). */
  tag: z.string().max(100).optional(),
  /** Rules that grant this privilege, by naming it or by implication. */
  privilege: privilegeSchema.optional(),
});
export type RuleListQuery = z.input<typeof ruleListQuerySchema>;
export type ParsedRuleListQuery = z.output<typeof ruleListQuerySchema>;

export const rulePageSchema = pageOf(ruleWithWarningsSchema);

/** The columns of the rules' CSV export (`GET /api/rules` with `Accept: text/csv`), in order. */
export const RULE_CSV_COLUMNS = [
  'number',
  'team',
  'kind',
  'privileges',
  'tags',
  'match',
  'note',
  'lastChanged',
] as const;
export type RulePage = z.infer<typeof rulePageSchema>;

/* ------------------------------------------------------------------------------------------ */
/* The explainer and the impact preview (P-2.10)                                               */
/* ------------------------------------------------------------------------------------------ */

export const ruleRefSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  teamId: z.string(),
  teamName: z.string(),
  sentence: z.string(),
});
export type RuleRef = z.infer<typeof ruleRefSchema>;

/**
 * One reason in a decision. A grant names the rule, its team and the tag that matched (`*` and
 * `untagged` included); `via` says the privilege was implied by another one (P-2.6).
 */
export const accessReasonSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('administrator'), message: z.string() }),
  z.object({
    kind: z.literal('rule'),
    message: z.string(),
    rule: ruleRefSchema,
    /** The tags of the resource (or `*`, `untagged`) that made the rule apply. */
    matchedTags: z.array(z.string()),
    /** When the privilege was implied: the privilege the rule names. */
    via: privilegeSchema.optional(),
  }),
  z.object({ kind: z.literal('administrators-only'), message: z.string() }),
  /** A denial: a rule that would grant the privilege if the person were in its team. */
  z.object({ kind: z.literal('not-in-team'), message: z.string(), rule: ruleRefSchema }),
  /** A denial: a rule of one of the person's teams that would grant it if the tags matched. */
  z.object({ kind: z.literal('tags-do-not-match'), message: z.string(), rule: ruleRefSchema }),
  z.object({ kind: z.literal('no-rule'), message: z.string() }),
]);
export type AccessReason = z.infer<typeof accessReasonSchema>;

export const explainQuerySchema = z.object({
  userId: z.uuid({ error: 'Choose a person.' }),
  resourceType: resourceTypeSchema,
  resourceId: z.uuid({ error: 'Choose a resource.' }),
  privilege: privilegeSchema,
});
export type ExplainQuery = z.infer<typeof explainQuerySchema>;

export const personRefSchema = z.object({ id: z.string(), name: z.string(), email: z.string() });
export type PersonRef = z.infer<typeof personRefSchema>;

export const resourceRefSchema = z.object({
  type: resourceTypeSchema,
  id: z.string(),
  name: z.string(),
  tags: z.array(z.string()),
});
export type ResourceRef = z.infer<typeof resourceRefSchema>;

export const explanationSchema = z.object({
  allowed: z.boolean(),
  /** One sentence: "Yes: Alan can read cluster prod-eu through rule 4 of team qa (tag staging)." */
  summary: z.string(),
  reasons: z.array(accessReasonSchema),
  person: personRefSchema,
  resource: resourceRefSchema,
  privilege: privilegeSchema,
});
export type Explanation = z.infer<typeof explanationSchema>;

export const holdersQuerySchema = z.object({
  resourceType: resourceTypeSchema,
  resourceId: z.uuid({ error: 'Choose a resource.' }),
});

/** The reverse view: who can do what on one resource, and through which rules. */
export const holdersSchema = z.object({
  resource: resourceRefSchema,
  administrators: z.number().int(),
  /** The rules that apply to the resource, with what they grant on it. */
  grants: z.array(
    z.object({
      rule: ruleRefSchema,
      team: z.object({ id: z.string(), name: z.string(), memberCount: z.number().int() }),
      privileges: z.array(privilegeSchema),
      matchedTags: z.array(z.string()),
    }),
  ),
  /** For each privilege, how many people hold it (administrators included). */
  privileges: z.array(z.object({ privilege: privilegeSchema, people: z.number().int() })),
});
export type Holders = z.infer<typeof holdersSchema>;

/** What an impact preview is asked about: a rule as it would be saved, a deletion, or tags. */
export const previewRequestSchema = z.discriminatedUnion(
  'change',
  [
    z.strictObject({
      change: z.literal('save-rule'),
      /** The rule being replaced; absent for a new rule. */
      ruleId: z.uuid({ error: 'Not a valid rule id.' }).optional(),
      rule: ruleInputSchema,
    }),
    z.strictObject({
      change: z.literal('delete-rule'),
      ruleId: z.uuid({ error: 'Not a valid rule id.' }),
    }),
    z.strictObject({
      change: z.literal('tags'),
      resourceType: resourceTypeSchema,
      /** The resources whose tags change, and their tags as they would be. */
      resources: z
        .array(
          z.strictObject({
            id: z.uuid({ error: 'Not a valid id.' }),
            tags: z.array(z.string()).max(MAX_TAGS_PER_RESOURCE),
          }),
        )
        .min(1, 'Name at least one resource.')
        .max(500, 'Preview at most 500 resources at once.'),
    }),
  ],
  { error: 'Say what would change: save-rule, delete-rule or tags.' },
);
export type PreviewRequest = z.input<typeof previewRequestSchema>;
export type ParsedPreviewRequest = z.output<typeof previewRequestSchema>;

/** One group of the preview: these people gain (or lose) these privileges on these resources. */
export const impactSchema = z.object({
  effect: z.enum(['gain', 'lose']),
  privileges: z.array(privilegeSchema),
  people: z.object({ total: z.number().int(), sample: z.array(personRefSchema) }),
  resources: z.object({ total: z.number().int(), sample: z.array(resourceRefSchema) }),
  /** Lost: the rules they held it through before. Gained: the rules that give it after. */
  throughRules: z.array(ruleRefSchema),
  /** The group as a sentence: "Removes read, update on cluster prod-eu from 37 people …". */
  sentence: z.string(),
});
export type Impact = z.infer<typeof impactSchema>;

export const previewSchema = z.object({
  impacts: z.array(impactSchema),
  peopleGaining: z.number().int(),
  peopleLosing: z.number().int(),
  /** True when someone loses a privilege: the console asks before saving. */
  needsConfirmation: z.boolean(),
});
export type Preview = z.infer<typeof previewSchema>;

/* ------------------------------------------------------------------------------------------ */
/* Effective permissions (issue 20)                                                              */
/* ------------------------------------------------------------------------------------------ */

/** `held`: only the resources where at least one privilege is held; `all`: every resource. */
export const EFFECTIVE_SHOWS = ['held', 'all'] as const;

export const effectiveQuerySchema = listQuerySchema.extend({
  /** The person asked about; or `teamId`, for what that team's own rules grant. One of the two. */
  userId: z.uuid({ error: 'Choose a person.' }).optional(),
  teamId: z.uuid({ error: 'Choose a team.' }).optional(),
  resourceType: resourceTypeSchema,
  show: z.enum(EFFECTIVE_SHOWS, { error: 'Choose held or all.' }).default('held'),
});
export type EffectiveQuery = z.input<typeof effectiveQuerySchema>;
export type ParsedEffectiveQuery = z.output<typeof effectiveQuerySchema>;

/**
 * One privilege on one resource: held or not, and why. `rule` is the first rule (by number)
 * that grants it and `rules` how many do; `administrator` means held whatever the rules say,
 * `administrators-only` that no rule can grant it (cluster delete), `no-rule` that none does.
 */
export const effectiveCellSchema = z.object({
  privilege: privilegeSchema,
  held: z.boolean(),
  reason: z.enum(['administrator', 'rule', 'administrators-only', 'no-rule']),
  rule: ruleRefSchema.optional(),
  /** The resource's tags (or `*`, `untagged`) through which `rule` applies. */
  matchedTags: z.array(z.string()).optional(),
  /** When the privilege is implied: the privilege `rule` names (update implies read). */
  via: privilegeSchema.optional(),
  rules: z.number().int(),
});
export type EffectiveCell = z.infer<typeof effectiveCellSchema>;

export const effectiveItemSchema = z.object({
  resource: z.object({
    type: resourceTypeSchema,
    id: z.string(),
    /** The cluster's or the pipeline's own name (without its project). */
    name: z.string(),
    /** Pipelines only. */
    project: z.string().optional(),
    tags: z.array(z.string()),
  }),
  /** One cell per privilege of `privileges`, in that order. */
  cells: z.array(effectiveCellSchema),
});
export type EffectiveItem = z.infer<typeof effectiveItemSchema>;

export const effectivePageSchema = pageOf(effectiveItemSchema).extend({
  subject: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('person'),
      id: z.string(),
      name: z.string(),
      email: z.string(),
      level: z.enum(['user', 'administrator']),
    }),
    z.object({
      kind: z.literal('team'),
      id: z.string(),
      name: z.string(),
      builtIn: z.enum(['users', 'admins']).nullable(),
    }),
  ]),
  /** True for an administrator (and the built-in admins team): every privilege, no rule needed. */
  administrator: z.boolean(),
  /** The matrix's columns: the privileges of the kind on an existing resource (not create). */
  privileges: z.array(privilegeSchema),
});
export type EffectivePage = z.infer<typeof effectivePageSchema>;
