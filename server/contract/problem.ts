import { z } from 'zod';
import { integrationReferenceSchema } from './integrations';
import { policyProblemSchema } from './policy';

/**
 * Every `code` a problem answer carries: a stable reason for programs, where the status alone is
 * not enough. Clients depend on the values, so a value never changes; the server's
 * `HttpProblem` accepts only these, and the SPA's comparisons are checked against them.
 */
export const PROBLEM_CODES = [
  // Signed out (401), with the sentence the sign-in page shows (constants.ts, SIGNED_OUT_REASONS).
  'session-idle',
  'session-expired',
  'unauthenticated',
  // Who may do what.
  'csrf',
  'invalid-credentials',
  'invalid-token',
  'setup-token',
  'administrators-only',
  'missing-privilege',
  'tag-escalation',
  'plan-required',
  'last-administrator',
  'built-in-team',
  'team-managed',
  // SSO sign-in (issue 19): the detail is the sentence of contract/sso.ts.
  'sso-refused',
  // Versions (If-Match).
  'if-match-required',
  'stale-version',
  // People and invitations.
  'email-taken',
  'already-invited',
  'already-member',
  'already-accepted',
  'invitation-unknown',
  'invitation-used',
  'invitation-expired',
  // Password resets (issue 19).
  'not-active',
  'signs-in-through-sso',
  'reset-unknown',
  'reset-used',
  'reset-expired',
  // Integrations.
  'in-use',
  'credentials-unreadable',
  'behind-firewall',
  // Pipelines and runs: why a pipeline may not run, and what a run or its jobs refuse.
  'definition-invalid',
  'source-disabled',
  'restricted',
  'provider-missing',
  'cluster-not-allowed',
  'not-runnable',
  'not-waiting',
  'job-finished',
  'job-waiting',
  'job-queued',
  // Runners and webhooks.
  'invalid-runner-credential',
  'invalid-registration-token',
  'invalid-signature',
  'delivery-id-missing',
  // Policy as code (issue 20): the document has problems; `problems` lists them.
  'policy-invalid',
] as const;
export const problemCodeSchema = z.enum(PROBLEM_CODES);
export type ProblemCode = z.infer<typeof problemCodeSchema>;

const position = (description: string) => z.number().int().min(1).optional().describe(description);

/**
 * One field-level error of a 422 answer: `path` is the dotted path of the field. An error in a
 * text field that has lines (an inline definition, `source.yaml`) also says where in the text:
 * 1-based line and column, and the end just past the last character meant.
 */
export const fieldErrorSchema = z.object({
  path: z.string(),
  message: z.string(),
  line: position('In a text with lines (source.yaml): the line the problem starts on, from 1.'),
  column: position('The column the problem starts at, from 1.'),
  endLine: position('The line the problem ends on.'),
  endColumn: position('The column just past the problem’s last character.'),
});
export type FieldError = z.infer<typeof fieldErrorSchema>;

/**
 * Every error the API answers is an RFC 9457 problem (`application/problem+json`).
 * `errors` is present on 422; `code` names a reason a client acts on; `requestId` lets an operator find the log line of a 500.
 */
export const problemSchema = z.object({
  type: z.string().default('about:blank'),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  errors: z.array(fieldErrorSchema).optional(),
  /** A stable reason for programs, where the status alone is not enough (`session-idle`). */
  code: problemCodeSchema.optional(),
  /** With `code: "missing-privilege"`: the privilege the caller lacks (P-2.9). */
  privilege: z.string().optional(),
  /** With `code: "in-use"`: the pipelines that use what was to be deleted. */
  references: z.array(integrationReferenceSchema).optional(),
  /** With `code: "tag-escalation"`: what the tag change would have given the caller. */
  gained: z.array(z.string()).optional(),
  /**
   * With `code: "tag-escalation"`: the numbers of the rules that would have given it, or of the
   * caller's create rules that the new tags fall outside.
   */
  rules: z.array(z.number().int()).optional(),
  /** With `code: "policy-invalid"`: every problem of the policy document, with line and column. */
  problems: z.array(policyProblemSchema).optional(),
  requestId: z.string().optional(),
});
export type Problem = z.infer<typeof problemSchema>;
