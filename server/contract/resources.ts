import { z } from 'zod';
import { privilegeSchema } from './access';
import { TAG_MAX_LENGTH } from '../domain/tags';

export const RESOURCE_NAME_MAX_LENGTH = 100;

/**
 * The name of a cluster, a pipeline or a project: letters, digits, hyphens, dots and
 * underscores. No slashes, because a pipeline is known as `project/name`.
 */
export function resourceNameSchema(what: string) {
  return z
    .string({ error: `Name the ${what}.` })
    .trim()
    .min(1, `Name the ${what}.`)
    .max(
      RESOURCE_NAME_MAX_LENGTH,
      `A ${what} name has at most ${RESOURCE_NAME_MAX_LENGTH} characters.`,
    )
    .superRefine((name, ctx) => {
      const problem = /\s/.test(name)
        ? `${capitalised(what)} names have no spaces: use hyphens, as in prod-eu.`
        : /[^A-Za-z0-9._-]/.test(name)
          ? 'Use only letters, digits, hyphens, dots and underscores.'
          : /^[A-Za-z0-9]/.test(name)
            ? undefined
            : 'Start the name with a letter or a digit.';
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}

function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** What the caller may do with one resource, worked out by the server from the rules. */
export const callerAccessFields = {
  /** The caller's privileges on it (P-2.4 – P-2.7), implications applied. */
  privileges: z.array(privilegeSchema),
  /** Whether the caller may change its tags (clusters: administrators; pipelines: update). */
  canEditTags: z.boolean(),
};

/** `?tag=` on the cluster and pipeline lists: resources carrying it, or `untagged`. */
export const tagFilterField = {
  tag: z.string().trim().max(TAG_MAX_LENGTH).optional(),
};
