/** The units an administrator enters the idle timeout in (P-3.1), in minutes each. */
export const IDLE_UNITS = { minutes: 1, hours: 60, days: 24 * 60 } as const;
export type IdleUnit = keyof typeof IDLE_UNITS;
export const IDLE_UNIT_NAMES = Object.keys(IDLE_UNITS) as IdleUnit[];

const SINGULAR: Record<IdleUnit, string> = { minutes: 'minute', hours: 'hour', days: 'day' };

/**
 * A number of minutes in the largest unit that holds it whole: 1440 is 1 day, 90 is 90
 * minutes, 120 is 2 hours. The form opens on what an administrator would have typed.
 */
export function splitMinutes(minutes: number): { amount: number; unit: IdleUnit } {
  for (const unit of ['days', 'hours'] as const) {
    if (minutes >= IDLE_UNITS[unit] && minutes % IDLE_UNITS[unit] === 0) {
      return { amount: minutes / IDLE_UNITS[unit], unit };
    }
  }
  return { amount: minutes, unit: 'minutes' };
}

/** `amount` `unit`s in minutes. */
export function toMinutes(amount: number, unit: IdleUnit): number {
  return amount * IDLE_UNITS[unit];
}

/** "1 day", "90 minutes", "2 hours": a duration in minutes as people say it. */
export function describeMinutes(minutes: number): string {
  const { amount, unit } = splitMinutes(minutes);
  return `${amount.toLocaleString('en')} ${amount === 1 ? SINGULAR[unit] : unit}`;
}
