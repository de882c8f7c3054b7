import {
  AUDIT_ACTION_LABELS,
  AUDIT_TARGET_TYPE_LABELS,
  type AuditActor,
  type AuditEntry,
} from '@contract/audit';

const timeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'medium',
});

/** When an entry was written, in the person's own locale and time zone, to the second. */
export function formatWhen(iso: string): string {
  return timeFormat.format(new Date(iso));
}

/** "Ada Lovelace", or "API token deploy-script of Ada Lovelace". */
export function describeActor(actor: AuditActor): string {
  return actor.kind === 'token'
    ? `API token ${actor.tokenName ?? 'unnamed'} of ${actor.name}`
    : actor.name;
}

/** The action as a sentence: "Invited a person", "Changed an access rule". */
export function describeAction(entry: Pick<AuditEntry, 'action'>): string {
  return AUDIT_ACTION_LABELS[entry.action];
}

/** "Team qa-eu", "Access rule 4". */
export function describeTarget(entry: Pick<AuditEntry, 'target'>): string {
  return `${AUDIT_TARGET_TYPE_LABELS[entry.target.type]} ${entry.target.name}`;
}

/** One line that tells an entry apart from its neighbours, for names of its controls. */
export function describeEntry(entry: AuditEntry): string {
  return `${describeAction(entry)}: ${describeTarget(entry)}, ${formatWhen(entry.at)}`;
}
