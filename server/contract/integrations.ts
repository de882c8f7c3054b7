import { z } from 'zod';

/**
 * Git providers (P-5.1) and container registries (P-5.2): the integrations pipelines name as
 * `git: <name>` and `registry: <name>`. Credentials are write-only: requests may carry them,
 * answers only say whether they are set (`credentialsSet`).
 *
 * The request schemas (create, update, test) are added by the integrations service; this file
 * holds the vocabulary the server, the SPA and the runner share.
 */
export const GIT_PROVIDER_KINDS = [
  'github',
  'github-enterprise',
  'gitlab',
  'bitbucket-server',
] as const;
export const gitProviderKindSchema = z.enum(GIT_PROVIDER_KINDS, {
  error: 'Choose GitHub, GitHub Enterprise, GitLab or Bitbucket Server.',
});
export type GitProviderKind = z.infer<typeof gitProviderKindSchema>;

export const GIT_PROVIDER_KIND_LABELS: Record<GitProviderKind, string> = {
  github: 'GitHub',
  'github-enterprise': 'GitHub Enterprise',
  gitlab: 'GitLab',
  'bitbucket-server': 'Bitbucket Server',
};

/**
 * What the last "Test connection" found. `ok: false` carries a sentence a person can act on
 * ("The credentials were refused (401)", "The address resolves to a private network").
 */
export const connectionTestResultSchema = z.object({
  ok: z.boolean(),
  detail: z.string(),
  at: z.string(),
});
export type ConnectionTestResult = z.infer<typeof connectionTestResultSchema>;

/** A pipeline that names an integration, as a deletion lists them before it asks. */
export const integrationReferenceSchema = z.object({
  pipelineId: z.string(),
  project: z.string(),
  name: z.string(),
  /** How it refers to it: "trigger on acme/api", later "git source", "push step build-image". */
  via: z.string(),
});
export type IntegrationReference = z.infer<typeof integrationReferenceSchema>;
