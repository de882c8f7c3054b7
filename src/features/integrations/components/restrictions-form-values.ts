import type { FieldErrors, Resolver } from 'react-hook-form';
import {
  updateRestrictionsRequestSchema,
  type RestrictionSettings,
  type Restrictions,
  type UpdateRestrictionsRequest,
} from '@contract/restrictions';

// The restriction form's values and how they become the `PUT` body. This module loads the
// contract's RE2 patterns (re2js): only the lazily loaded restrictions page imports it.

export const REPOSITORY_MODES = ['all', 'pattern', 'names'] as const;
export type RepositoryMode = (typeof REPOSITORY_MODES)[number];

export type RestrictionsFormValues = {
  repositoryMode: RepositoryMode;
  repositoryPattern: string;
  /** Each in an object, as react-hook-form's field arrays need. */
  repositoryNames: { name: string }[];
  branches: string;
  paths: string;
};

export type RestrictionsField = 'repositoryPattern' | 'repositoryNames' | 'branches' | 'paths';

export function formValuesOf(restrictions: Restrictions): RestrictionsFormValues {
  const { repositories } = restrictions;
  return {
    repositoryMode: repositories === null ? 'all' : 'pattern' in repositories ? 'pattern' : 'names',
    repositoryPattern: repositories && 'pattern' in repositories ? repositories.pattern : '',
    repositoryNames:
      repositories && 'names' in repositories ? repositories.names.map((name) => ({ name })) : [],
    branches: restrictions.branches ?? '',
    paths: restrictions.paths ?? '',
  };
}

/** The body the form would send: an empty field is null (not restricted). */
export function requestBodyOf(values: RestrictionsFormValues): UpdateRestrictionsRequest {
  return {
    repositories:
      values.repositoryMode === 'all'
        ? null
        : values.repositoryMode === 'pattern'
          ? { pattern: values.repositoryPattern }
          : { names: values.repositoryNames.map(({ name }) => name) },
    branches: values.branches.trim() === '' ? null : values.branches,
    paths: values.paths.trim() === '' ? null : values.paths,
  };
}

/** The form field an error of the API (or the contract) names by its body path. */
export function fieldOf(path: string): RestrictionsField | undefined {
  if (path === 'repositories.pattern') return 'repositoryPattern';
  if (path === 'repositories' || path.startsWith('repositories.names')) return 'repositoryNames';
  if (path === 'branches') return 'branches';
  if (path === 'paths') return 'paths';
  return undefined;
}

/** The restrictions the form would save, or undefined while it has a mistake. */
export function validRestrictions(values: RestrictionsFormValues): RestrictionSettings | undefined {
  const parsed = updateRestrictionsRequestSchema.safeParse(requestBodyOf(values));
  return parsed.success ? parsed.data : undefined;
}

/**
 * Checks the body the form would send with the contract's schema, so a pattern is refused as it
 * is typed with the words (and the RE2 engine) the server refuses it with.
 */
export const restrictionsResolver: Resolver<
  RestrictionsFormValues,
  unknown,
  RestrictionSettings
> = (values) => {
  const parsed = updateRestrictionsRequestSchema.safeParse(requestBodyOf(values));
  if (parsed.success) return { values: parsed.data, errors: {} };
  const errors: FieldErrors<RestrictionsFormValues> = {};
  for (const issue of parsed.error.issues) {
    const field = fieldOf(issue.path.join('.'));
    if (!field || errors[field]) continue;
    const invalidName =
      field === 'repositoryNames' && typeof issue.path[2] === 'number'
        ? `${values.repositoryNames[issue.path[2]]?.name ?? ''}: `
        : '';
    errors[field] = { type: issue.code, message: `${invalidName}${issue.message}` };
  }
  return { values: {}, errors };
};
