import type { ApiToken } from '@contract/me';
import { formatDate } from '@/lib/format';

/** When a token expires, or that it has: "12 Mar 2027", "Expired 1 Feb 2026". */
export function expiryOf(expiresAt: string): string {
  const date = formatDate(expiresAt);
  return Date.parse(expiresAt) <= Date.now() ? `Expired ${date}` : date;
}

/** What a token may do, in words: "Read only", "Read and write, administrative rights". */
export function accessOf(token: Pick<ApiToken, 'scope' | 'administrator'>): string {
  const scope = token.scope === 'read' ? 'Read only' : 'Read and write';
  return token.administrator ? `${scope}, administrative rights` : scope;
}
