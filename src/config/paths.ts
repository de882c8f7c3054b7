import { ACCEPT_INVITATION_PATH, RESET_PASSWORD_PATH } from '@contract/constants';

/**
 * Every route string of the console. Links, redirects and the router read them from here, so a
 * path changes in one place.
 */
export const paths = {
  home: '/',
  signIn: '/sign-in',
  setup: '/setup',
  /** An invitation link; its token is the fragment (`#…`), never sent to the server. */
  acceptInvitation: ACCEPT_INVITATION_PATH,
  /** "Forgot your password?": asks for a reset link by mail. */
  forgotPassword: '/forgot-password',
  /** A password-reset link; its token is the fragment too. */
  resetPassword: RESET_PASSWORD_PATH,
  profile: '/profile',
  pipelines: '/pipelines',
  /** One pipeline; `pipelinePath(id)` fills it in. */
  pipeline: '/pipelines/:pipelineId',
  /** One pipeline's inline definition in the editor; `pipelineDefinitionPath(id)` fills it in. */
  pipelineDefinition: '/pipelines/:pipelineId/definition',
  /** The saved versions of its definition; `pipelineHistoryPath(id, n?)` fills it in. */
  pipelineHistory: '/pipelines/:pipelineId/history',
  clusters: '/clusters',
  /** One cluster; `clusterPath(id)` fills it in. */
  cluster: '/clusters/:clusterId',
  people: '/admin/people',
  /** One person; `personPath(id)` fills it in. */
  person: '/admin/people/:userId',
  teams: '/admin/teams',
  /** One team; `teamPath(id)` fills it in. */
  team: '/admin/teams/:teamId',
  permissions: '/admin/permissions',
  security: '/admin/security',
  pipelineSources: '/admin/pipeline-sources',
  integrations: '/admin/integrations',
  /** The restrictions of one git provider; `gitProviderRestrictionsPath(id)` fills it in. */
  gitProviderRestrictions: '/admin/integrations/git-providers/:gitProviderId/restrictions',
  runners: '/admin/runners',
  auditLog: '/admin/audit-log',
  /** Policy as code: export, plan and apply (issue 20). */
  policy: '/admin/policy',
  accountSettings: '/admin/account',
} as const;

/** The page of one pipeline. */
export function pipelinePath(pipelineId: string): string {
  return paths.pipeline.replace(':pipelineId', encodeURIComponent(pipelineId));
}

export const RETURN_TO_PARAM = 'returnTo';

/** The pages for people who are not signed in: never a place to return to after signing in. */
export const PAGES_BEFORE_SIGN_IN: readonly string[] = [
  paths.signIn,
  paths.setup,
  paths.acceptInvitation,
];

// Resolving against a fixed, unroutable origin tells a same-origin path from anything that
// would leave the console (`//evil.example`, `/\evil.example`, `https:…`, `javascript:…`).
const PROBE_ORIGIN = 'https://perimeter.invalid';

/**
 * The place to return to after signing in, if `value` is a path inside the console; otherwise
 * `undefined`. Never an open redirect: other origins, protocol-relative URLs and the sign-in
 * pages themselves are refused.
 */
export function safeReturnTo(value: string | null | undefined): string | undefined {
  if (!value?.startsWith('/')) return undefined;
  let url: URL;
  try {
    url = new URL(value, PROBE_ORIGIN);
  } catch {
    return undefined;
  }
  if (url.origin !== PROBE_ORIGIN) return undefined;
  if (PAGES_BEFORE_SIGN_IN.includes(url.pathname)) return undefined;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** `/sign-in`, carrying where to come back to when that is anywhere but the home page. */
export function signInHref(returnTo?: string): string {
  const target = safeReturnTo(returnTo);
  if (!target || target === paths.home) return paths.signIn;
  return `${paths.signIn}?${new URLSearchParams({ [RETURN_TO_PARAM]: target }).toString()}`;
}
