import { z } from 'zod';
import type { Plan } from './me';
import { listQuerySchema, pageOf } from './pagination';

export const TEAM_NAME_MAX_LENGTH = 50;

/**
 * P-1.5: lowercase letters, digits and hyphens, no spaces. Each kind of mistake gets its own
 * sentence, because the form shows it as the person types.
 */
export const teamNameSchema = z
  .string({ error: 'Name the team.' })
  .min(1, 'Name the team, for example qa or team-payments.')
  .max(TEAM_NAME_MAX_LENGTH, `A team name has at most ${TEAM_NAME_MAX_LENGTH} characters.`)
  .superRefine((name, ctx) => {
    const problem = /\s/.test(name)
      ? 'Team names have no spaces: use hyphens, as in release-managers.'
      : /[A-Z]/.test(name)
        ? 'Use lowercase letters only.'
        : /[^a-z0-9-]/.test(name)
          ? 'Use only lowercase letters, digits and hyphens.'
          : name.startsWith('-')
            ? 'Start the name with a letter or a digit.'
            : undefined;
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

const memberIds = z
  .array(z.uuid({ error: 'Not a valid person id.' }))
  .max(10_000, 'Change at most 10,000 members at once.');

export const teamSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** `users` and `admins`: their members follow from the people, and they cannot change. */
  builtIn: z.boolean(),
  /**
   * The SSO providers whose group mappings name this team (issue 19): its members follow their
   * groups at each sign-in, and cannot be changed by hand. Empty for a team managed here.
   */
  managedBy: z.array(z.object({ id: z.string(), name: z.string() })),
  memberCount: z.number().int(),
  createdAt: z.string(),
});
export type Team = z.infer<typeof teamSchema>;

export const TEAM_SORTS = ['name', '-name', 'memberCount', '-memberCount'] as const;
export type TeamSort = (typeof TEAM_SORTS)[number];

export const teamListQuerySchema = listQuerySchema.extend({
  /** A field to sort by; `-` in front sorts descending. */
  sort: z.enum(TEAM_SORTS, { error: `Sort by one of ${TEAM_SORTS.join(', ')}.` }).default('name'),
});
export type TeamListQuery = z.input<typeof teamListQuerySchema>;
export type ParsedTeamListQuery = z.output<typeof teamListQuerySchema>;

export const teamPageSchema = pageOf(teamSchema);
export type TeamPage = z.infer<typeof teamPageSchema>;

export const createTeamRequestSchema = z.strictObject({
  name: teamNameSchema,
  memberIds: memberIds.optional(),
});
export type CreateTeamRequest = z.input<typeof createTeamRequestSchema>;

/**
 * `memberIds` replaces the members; `addMemberIds` and `removeMemberIds` change them without
 * knowing the rest, so two administrators editing one team do not undo each other.
 */
export const updateTeamRequestSchema = z
  .strictObject({
    name: teamNameSchema.optional(),
    memberIds: memberIds.optional(),
    addMemberIds: memberIds.optional(),
    removeMemberIds: memberIds.optional(),
  })
  .refine((body) => !(body.memberIds && (body.addMemberIds || body.removeMemberIds)), {
    path: ['memberIds'],
    message: 'Send either memberIds or addMemberIds/removeMemberIds, not both.',
  });
export type UpdateTeamRequest = z.input<typeof updateTeamRequestSchema>;

export const PLAN_NAMES: Record<Plan, string> = {
  free: 'Free',
  pro: 'Pro',
  enterprise: 'Enterprise',
};

/** P-1.6: why a team cannot be created, or undefined when it can. */
export function teamCreationRefusal(plan: Plan): string | undefined {
  if (plan === 'enterprise') return undefined;
  return `Creating teams needs the Enterprise plan; this account is on the ${PLAN_NAMES[plan]} plan, which has the built-in teams users and admins only.`;
}
