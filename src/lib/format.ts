const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** A date in the person's own locale, e.g. "12 Mar 2026". */
export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}

const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});

/** A date and time in the person's own locale, e.g. "5 Dec 2026, 10:00". */
export function formatDateTime(iso: string): string {
  return dateTimeFormat.format(new Date(iso));
}

/**
 * Who changed a setting last and when, for a "Last changed by" line; `never` when nobody has.
 *
 * @example
 * lastChangeText({ updatedAt: '2026-12-05T10:00:00Z', updatedBy: { id: '1', name: 'Ada' } }, '…');
 * // "Ada, 5 Dec 2026, 10:00"
 */
export function lastChangeText(
  change: { updatedAt: string | null; updatedBy: { name: string } | null },
  never: string,
): string {
  if (change.updatedAt === null) return never;
  const when = formatDateTime(change.updatedAt);
  return change.updatedBy
    ? `${change.updatedBy.name}, ${when}`
    : `${when}, by someone no longer in the account`;
}
