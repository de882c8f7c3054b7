const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** A date in the person's own locale, e.g. "12 Mar 2026". */
export function formatDate(iso: string): string {
  return dateFormat.format(new Date(iso));
}
