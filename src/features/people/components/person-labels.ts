import type { AccessLevel } from '@contract/me';

export const LEVEL_NAMES: Record<AccessLevel, string> = {
  administrator: 'Administrator',
  user: 'User',
};

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** What an invitation's state is, in words: "link valid until 1 Dec 2026" or "link expired". */
export function invitationState(invitation: { expiresAt: string; expired: boolean }): string {
  return invitation.expired
    ? `link expired ${dateFormat.format(new Date(invitation.expiresAt))}`
    : `link valid until ${dateFormat.format(new Date(invitation.expiresAt))}`;
}
