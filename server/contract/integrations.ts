import { z } from 'zod';
import { listQuerySchema, pageOf } from './pagination';
import { resourceNameSchema } from './resources';

/**
 * Git providers (P-5.1) and container registries (P-5.2): the integrations pipelines name as
 * `git: <name>` and `registry: <name>`. Credentials are write-only: requests may carry them,
 * answers only say whether they are set (`credentialsSet`).
 *
 * This file holds the vocabulary the server, the SPA and the runner share, and the requests and
 * answers of `/api/git-providers` and `/api/registries`.
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

export const integrationReferenceListSchema = z.object({
  items: z.array(integrationReferenceSchema),
});
export type IntegrationReferenceList = z.infer<typeof integrationReferenceListSchema>;

/** `?force=true` deletes an integration that pipelines still use (and the triggers that use it). */
export const deleteIntegrationQuerySchema = z.object({
  force: z
    .enum(['true', 'false'], { error: 'force is true or false.' })
    .optional()
    .transform((value) => value === 'true'),
});

/** `?page&pageSize&q`: every integration list, by name; `q` searches the name and the address. */
export const integrationListQuerySchema = listQuerySchema;
export type IntegrationListQuery = z.input<typeof integrationListQuerySchema>;

/** Where a secret goes: long enough for any token, short enough to be no burden. */
const MAX_SECRET_LENGTH = 4096;

/** An http(s) address without credentials, query or fragment; a trailing slash is dropped. */
export function httpAddressSchema(example: string) {
  return z
    .url({
      protocol: /^https?$/,
      error: `Enter an http:// or https:// address, as in ${example}.`,
    })
    .max(2000, 'An address has at most 2,000 characters.')
    .superRefine((value, ctx) => {
      // Refinements run after a failed check too: only a parsable URL is looked into.
      const url = URL.canParse(value) ? new URL(value) : undefined;
      if (!url) return;
      if (url.username || url.password) {
        ctx.addIssue({
          code: 'custom',
          message: 'Leave the credentials out of the address: give them under credentials.',
        });
      } else if (url.search || url.hash) {
        ctx.addIssue({ code: 'custom', message: 'Give the address without ? or #.' });
      }
    })
    .transform((value) => value.replace(/\/+$/, ''));
}

/* ------------------------------------------------------------------------------------------ */
/* Git providers (P-5.1)                                                                       */

export const gitProviderNameSchema = resourceNameSchema('git provider');

/** GitHub's API, the base URL of a `github` provider when none is given. */
export const GITHUB_API_URL = 'https://api.github.com';

/**
 * A token (GitHub, GitHub Enterprise, GitLab: a personal access token; Bitbucket Server: an
 * HTTP access token or a password). `username` is needed by Bitbucket Server with a password.
 */
export const gitCredentialsSchema = z.strictObject({
  username: z
    .string({ error: 'The username is text.' })
    .trim()
    .min(1, 'Enter the username, or leave it out.')
    .max(200, 'A username has at most 200 characters.')
    .optional(),
  // Tokens travel in an HTTP header: a pasted line break is dropped, anything else unprintable
  // is refused rather than sent.
  token: z
    .string({ error: 'Enter the token.' })
    .trim()
    .min(1, 'Enter the token.')
    .max(MAX_SECRET_LENGTH, `A token has at most ${MAX_SECRET_LENGTH} characters.`)
    .regex(/^[\x21-\x7e]+$/, 'A token has no spaces, line breaks or accented characters.'),
});
export type GitCredentials = z.infer<typeof gitCredentialsSchema>;

export const gitProviderSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: gitProviderKindSchema,
  baseUrl: z.string(),
  /** Whether credentials are stored; they themselves are never answered. */
  credentialsSet: z.boolean(),
  onPremise: z.boolean(),
  /** Only runners inside the network reach it: the platform cannot test it. */
  behindFirewall: z.boolean(),
  lastTest: connectionTestResultSchema.nullable(),
  /** Increases with every change; send it back as `If-Match: "<version>"` to update safely. */
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type GitProvider = z.infer<typeof gitProviderSchema>;

export const gitProviderPageSchema = pageOf(gitProviderSchema);
export type GitProviderPage = z.infer<typeof gitProviderPageSchema>;

const gitProviderAddress = httpAddressSchema('https://git.example.com');

/** The rules both a creation and the result of an update must keep. */
export function gitProviderProblems(provider: {
  kind: GitProviderKind;
  onPremise: boolean;
  behindFirewall: boolean;
}): { path: 'onPremise' | 'behindFirewall'; message: string } | undefined {
  if (provider.kind === 'github' && provider.onPremise) {
    return {
      path: 'onPremise',
      message: 'GitHub.com is not on premise: choose GitHub Enterprise for your own server.',
    };
  }
  if (provider.behindFirewall && !provider.onPremise) {
    return {
      path: 'behindFirewall',
      message: 'Only an on-premise provider can be behind the firewall.',
    };
  }
  return undefined;
}

export const createGitProviderRequestSchema = z
  .strictObject({
    name: gitProviderNameSchema,
    kind: gitProviderKindSchema,
    /** Optional for `github` (then https://api.github.com); required for the others. */
    baseUrl: gitProviderAddress.optional(),
    credentials: gitCredentialsSchema.optional(),
    onPremise: z.boolean({ error: 'onPremise is true or false.' }).optional(),
    behindFirewall: z.boolean({ error: 'behindFirewall is true or false.' }).optional(),
  })
  .superRefine((input, ctx) => {
    if (input.baseUrl === undefined && input.kind !== 'github') {
      ctx.addIssue({
        code: 'custom',
        path: ['baseUrl'],
        message: `Enter the address of the ${GIT_PROVIDER_KIND_LABELS[input.kind]} server.`,
      });
    }
    const problem = gitProviderProblems({
      kind: input.kind,
      onPremise: input.onPremise ?? false,
      behindFirewall: input.behindFirewall ?? false,
    });
    if (problem) ctx.addIssue({ code: 'custom', path: [problem.path], message: problem.message });
  });
export type CreateGitProviderRequest = z.input<typeof createGitProviderRequestSchema>;
export type ParsedCreateGitProviderRequest = z.output<typeof createGitProviderRequestSchema>;

/**
 * Any subset. `credentials` replaces them, `null` clears them, left out keeps them; a new
 * `baseUrl` needs the credentials again (they must not go to a new host unasked).
 */
export const updateGitProviderRequestSchema = z.strictObject({
  name: gitProviderNameSchema.optional(),
  kind: gitProviderKindSchema.optional(),
  baseUrl: gitProviderAddress.optional(),
  credentials: gitCredentialsSchema.nullable().optional(),
  onPremise: z.boolean({ error: 'onPremise is true or false.' }).optional(),
  behindFirewall: z.boolean({ error: 'behindFirewall is true or false.' }).optional(),
});
export type UpdateGitProviderRequest = z.input<typeof updateGitProviderRequestSchema>;
export type ParsedUpdateGitProviderRequest = z.output<typeof updateGitProviderRequestSchema>;

/* ------------------------------------------------------------------------------------------ */
/* Container registries (P-5.2)                                                                */

export const registryNameSchema = resourceNameSchema('registry');

const DOMAIN_LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const DOMAIN = new RegExp(`^${DOMAIN_LABEL}(?:\\.${DOMAIN_LABEL})*(?::(\\d{1,5}))?$`);

/** `host[:port]`, as in `registry.example.com:5000`: no scheme, no path; stored lowercase. */
export const registryDomainSchema = z
  .string({ error: 'Enter the registry domain, as in registry.example.com.' })
  .trim()
  .toLowerCase()
  .min(1, 'Enter the registry domain, as in registry.example.com.')
  .max(253, 'A domain has at most 253 characters.')
  .superRefine((domain, ctx) => {
    if (domain === '') return; // said once, by min(1)
    const match = DOMAIN.exec(domain);
    const port = match?.[1] === undefined ? undefined : Number(match[1]);
    const message = /^[a-z][a-z0-9+.-]*:\/\//.test(domain)
      ? 'Enter the domain alone, without http:// or https://.'
      : domain.includes('/')
        ? 'Enter the domain alone, without a path.'
        : !match
          ? 'Enter a domain, optionally with a port, as in registry.example.com:5000.'
          : port !== undefined && (port < 1 || port > 65535)
            ? 'A port is between 1 and 65535.'
            : undefined;
    if (message) ctx.addIssue({ code: 'custom', message });
  });

export const registryCredentialsSchema = z.strictObject({
  username: z
    .string({ error: 'Enter the username.' })
    .trim()
    .min(1, 'Enter the username.')
    .max(200, 'A username has at most 200 characters.'),
  password: z
    .string({ error: 'Enter the password or token.' })
    .min(1, 'Enter the password or token.')
    .max(MAX_SECRET_LENGTH, `A password has at most ${MAX_SECRET_LENGTH} characters.`),
});
export type RegistryCredentials = z.infer<typeof registryCredentialsSchema>;

export const registrySchema = z.object({
  id: z.string(),
  name: z.string(),
  domain: z.string(),
  credentialsSet: z.boolean(),
  behindFirewall: z.boolean(),
  lastTest: connectionTestResultSchema.nullable(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Registry = z.infer<typeof registrySchema>;

export const registryPageSchema = pageOf(registrySchema);
export type RegistryPage = z.infer<typeof registryPageSchema>;

export const createRegistryRequestSchema = z.strictObject({
  name: registryNameSchema,
  domain: registryDomainSchema,
  credentials: registryCredentialsSchema.optional(),
  behindFirewall: z.boolean({ error: 'behindFirewall is true or false.' }).optional(),
});
export type CreateRegistryRequest = z.input<typeof createRegistryRequestSchema>;
export type ParsedCreateRegistryRequest = z.output<typeof createRegistryRequestSchema>;

/** Like git providers: `credentials` replaces, `null` clears, left out keeps. */
export const updateRegistryRequestSchema = z.strictObject({
  name: registryNameSchema.optional(),
  domain: registryDomainSchema.optional(),
  credentials: registryCredentialsSchema.nullable().optional(),
  behindFirewall: z.boolean({ error: 'behindFirewall is true or false.' }).optional(),
});
export type UpdateRegistryRequest = z.input<typeof updateRegistryRequestSchema>;
export type ParsedUpdateRegistryRequest = z.output<typeof updateRegistryRequestSchema>;
