import type { ConnectionTestResult } from '@contract/integrations';
import { ApiError } from '@/lib/api/api-error';

/** Why a behind-the-firewall integration offers no "Test connection" (P-5.1). */
export function unreachableReason(noun: 'provider' | 'registry'): string {
  return `The platform cannot reach a ${noun} behind your firewall; the runner inside your network uses it.`;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** When, in the person's own locale: "12 Mar 2026, 14:05". */
export function formatTime(iso: string): string {
  return timeFormat.format(new Date(iso));
}

/** The result of a connection test in one sentence, with when it ran. */
export function testResultText(result: ConnectionTestResult): string {
  return `${result.ok ? 'Connected' : 'Failed'}: ${result.detail} (${formatTime(result.at)})`;
}

export const credentialsText = (set: boolean) => (set ? 'Set' : 'Not set');

/**
 * A 422 whose error paths are renamed for the form: `credentials` alone (the address changed
 * while credentials are set) lands on the secret's field. Anything else passes unchanged.
 */
export function withFieldAliases(error: unknown, aliases: Record<string, string>): unknown {
  if (!(error instanceof ApiError) || error.status !== 422) return error;
  return new ApiError({
    ...error.problem,
    errors: error.fieldErrors.map((fieldError) => ({
      ...fieldError,
      path: aliases[fieldError.path] ?? fieldError.path,
    })),
  });
}
