import { z } from 'zod';
import { listQuerySchema, pageOf } from './pagination';

/**
 * Every kind of administrative change (P-3.5), as stable dotted names: `<target>.<verb>`.
 * Later issues append their own; a name never changes meaning once released.
 */
export const AUDIT_ACTIONS = [
  'user.invited',
  'user.updated',
  'user.removed',
  'user.password-changed',
  'password-reset.issued',
  'password-reset.used',
  'invitation.renewed',
  'invitation.revoked',
  'team.created',
  'team.updated',
  'team.deleted',
  'sso-provider.created',
  'sso-provider.updated',
  'sso-provider.deleted',
  'settings.account.updated',
  'settings.security.updated',
  'settings.pipeline-sources.updated',
  'rule.created',
  'rule.updated',
  'rule.deleted',
  'cluster.created',
  'cluster.updated',
  'cluster.deleted',
  'pipeline.created',
  'pipeline.updated',
  'pipeline.deleted',
  'git-provider.created',
  'git-provider.updated',
  'git-provider.deleted',
  'git-provider.restrictions-updated',
  'registry.created',
  'registry.updated',
  'registry.deleted',
  'runner.created',
  'runner.revoked',
  'trigger.created',
  'trigger.updated',
  'trigger.deleted',
  'trigger.secret-rotated',
  'run.approved',
  'run.denied',
  'sessions.ended',
  'session.signed-out',
  'session.idle-ended',
  'session.signed-in',
  'session.sign-in-failed',
  'user.joined-through-sso',
  'team.members-synced',
  'api-token.created',
  'api-token.revoked',
  'policy.imported',
] as const;
export const auditActionSchema = z.enum(AUDIT_ACTIONS, {
  error: 'Choose one of the actions the audit log records.',
});
export type AuditAction = z.infer<typeof auditActionSchema>;

/** What an entry is about. Invitations are about the invited person (`user`). */
export const AUDIT_TARGET_TYPES = [
  'user',
  'team',
  'sso-provider',
  'account',
  'rule',
  'cluster',
  'pipeline',
  'git-provider',
  'registry',
  'runner',
  'trigger',
  'run',
] as const;
export const auditTargetTypeSchema = z.enum(AUDIT_TARGET_TYPES, {
  error: `Choose a target kind: ${AUDIT_TARGET_TYPES.join(', ')}.`,
});
export type AuditTargetType = z.infer<typeof auditTargetTypeSchema>;

/** How the console names each action, so the list, the filter and the detail agree. */
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  'user.invited': 'Invited a person',
  'user.updated': 'Changed a person',
  'user.removed': 'Removed a person',
  'user.password-changed': 'Changed their password',
  'password-reset.issued': 'Issued a password-reset link',
  'password-reset.used': 'Reset their password with a link',
  'invitation.renewed': 'Sent a new invitation link',
  'invitation.revoked': 'Withdrew an invitation',
  'team.created': 'Created a team',
  'team.updated': 'Changed a team',
  'team.deleted': 'Deleted a team',
  'sso-provider.created': 'Added an SSO provider',
  'sso-provider.updated': 'Changed an SSO provider',
  'sso-provider.deleted': 'Deleted an SSO provider',
  'settings.account.updated': 'Changed the account settings',
  'settings.security.updated': 'Changed the security settings',
  'settings.pipeline-sources.updated': 'Changed the pipeline sources',
  'rule.created': 'Created an access rule',
  'rule.updated': 'Changed an access rule',
  'rule.deleted': 'Deleted an access rule',
  'cluster.created': 'Added a cluster',
  'cluster.updated': 'Changed a cluster',
  'cluster.deleted': 'Deleted a cluster',
  'pipeline.created': 'Created a pipeline',
  'pipeline.updated': 'Changed a pipeline',
  'pipeline.deleted': 'Deleted a pipeline',
  'git-provider.created': 'Added a git provider',
  'git-provider.updated': 'Changed a git provider',
  'git-provider.deleted': 'Deleted a git provider',
  'git-provider.restrictions-updated': 'Changed the restrictions of a git provider',
  'registry.created': 'Added a container registry',
  'registry.updated': 'Changed a container registry',
  'registry.deleted': 'Deleted a container registry',
  'runner.created': 'Registered a runner',
  'runner.revoked': 'Revoked a runner',
  'trigger.created': 'Added a git trigger',
  'trigger.updated': 'Changed a git trigger',
  'trigger.deleted': 'Deleted a git trigger',
  'trigger.secret-rotated': 'Rotated a git trigger secret',
  'run.approved': 'Approved a pipeline run',
  'run.denied': 'Denied a pipeline run',
  'sessions.ended': 'Ended sessions',
  'session.signed-out': 'Signed out',
  'session.idle-ended': 'Signed out after being idle',
  'session.signed-in': 'Signed in',
  'session.sign-in-failed': 'Failed to sign in',
  'user.joined-through-sso': 'Joined through SSO',
  'team.members-synced': 'Team membership followed the identity provider',
  'api-token.created': 'Created an API token',
  'api-token.revoked': 'Revoked an API token',
  'policy.imported': 'Imported the access policy',
};

export const AUDIT_TARGET_TYPE_LABELS: Record<AuditTargetType, string> = {
  user: 'Person',
  team: 'Team',
  'sso-provider': 'SSO provider',
  account: 'Account',
  rule: 'Access rule',
  cluster: 'Cluster',
  pipeline: 'Pipeline',
  'git-provider': 'Git provider',
  registry: 'Container registry',
  runner: 'Runner',
  trigger: 'Git trigger',
  run: 'Pipeline run',
};

/**
 * What stands in an entry's `before`/`after` for a secret that is set (an SSO client secret,
 * an LDAP bind password): the value itself is never recorded.
 */
export const REDACTED = '[redacted]';
/** In `after`, for a secret the change replaced (so the diff shows that it changed). */
export const REDACTED_CHANGED = '[redacted: changed]';

/**
 * Who made the change: a person in the console (`person`), or a person's API token (`token`,
 * with its name). Name, email and token name are as they were at the time of the change, so
 * entries stay readable after the person or token is gone.
 */
export const auditActorSchema = z.object({
  kind: z.enum(['person', 'token']),
  /** The person's id (for a token: its owner's). */
  id: z.string(),
  name: z.string(),
  email: z.string(),
  tokenId: z.string().optional(),
  tokenName: z.string().optional(),
});
export type AuditActor = z.infer<typeof auditActorSchema>;

export const auditTargetSchema = z.object({
  type: auditTargetTypeSchema,
  id: z.string(),
  /** As it was named at the time of the change (after it, for a rename). */
  name: z.string(),
});
export type AuditTarget = z.infer<typeof auditTargetSchema>;

/** A JSON object of the target's fields, secrets redacted; null before a creation, after a deletion. */
const snapshotSchema = z.record(z.string(), z.unknown()).nullable();

/**
 * One audit entry. `before` and `after` are the target's audited fields on either side of the
 * change (an update has both, with the same keys); the console shows their difference.
 */
export const auditEntrySchema = z.object({
  id: z.string(),
  /** ISO 8601, UTC. */
  at: z.string(),
  actor: auditActorSchema,
  action: auditActionSchema,
  target: auditTargetSchema,
  before: snapshotSchema,
  after: snapshotSchema,
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

const isoTime = (which: 'start' | 'end') =>
  z.iso.datetime({
    offset: true,
    error: `Give the ${which} of the time range as an ISO 8601 time, such as 2026-01-31T00:00:00Z.`,
  });

/**
 * `GET /api/audit`: newest first. `from` is inclusive and `to` exclusive (`from` ≤ at < `to`).
 * With `Accept: text/csv`, `page` and `pageSize` are ignored: the whole filtered list comes.
 */
export const auditListQuerySchema = listQuerySchema
  .omit({ q: true })
  .extend({
    /** Changes made by this person (directly or through one of their API tokens). */
    actorId: z.uuid({ error: 'Not a valid person id.' }).optional(),
    action: auditActionSchema.optional(),
    targetType: auditTargetTypeSchema.optional(),
    /** Changes to this one target (say, a pipeline's history). */
    targetId: z.uuid({ error: 'Not a valid target id.' }).optional(),
    from: isoTime('start').optional(),
    to: isoTime('end').optional(),
  })
  .refine((query) => !query.from || !query.to || Date.parse(query.from) < Date.parse(query.to), {
    path: ['to'],
    message: 'The end of the time range must come after its start.',
  });
export type AuditListQuery = z.input<typeof auditListQuerySchema>;
export type ParsedAuditListQuery = z.output<typeof auditListQuerySchema>;

export const auditPageSchema = pageOf(auditEntrySchema);
export type AuditPage = z.infer<typeof auditPageSchema>;

/** The columns of the CSV export, in order (before and after as JSON text). */
export const AUDIT_CSV_COLUMNS = [
  'id',
  'at',
  'actorKind',
  'actorId',
  'actorName',
  'actorEmail',
  'tokenName',
  'action',
  'targetType',
  'targetId',
  'targetName',
  'before',
  'after',
] as const;
