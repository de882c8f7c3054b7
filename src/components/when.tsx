import Typography from '@mui/material/Typography';

const exactFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'medium',
});
const relativeFormat = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
];

/** A time in the person's locale, to the second: "25 Nov 2026, 09:14:03". */
export function exactTime(iso: string): string {
  return exactFormat.format(new Date(iso));
}

/** How long ago (or from now) a time is, in the largest whole unit: "12 seconds ago". */
export function relativeTime(iso: string, now = Date.now()): string {
  const delta = Date.parse(iso) - now;
  for (const [unit, ms] of UNITS) {
    if (Math.abs(delta) >= ms || unit === 'second') {
      return relativeFormat.format(Math.round(delta / ms), unit);
    }
  }
  return relativeFormat.format(0, 'second');
}

type WhenProps = { iso: string | null; never?: string };

/**
 * A time as people read it at a glance ("2 minutes ago") with the exact time below it, both as
 * text (a tooltip would hide it from keyboards and touch), inside a `<time>` element.
 */
export function When({ iso, never = 'Never' }: WhenProps) {
  if (!iso) return <>{never}</>;
  return (
    <time dateTime={iso}>
      {relativeTime(iso)}
      <Typography
        component="span"
        variant="caption"
        sx={{ display: 'block', color: 'text.secondary' }}
      >
        {exactTime(iso)}
      </Typography>
    </time>
  );
}
