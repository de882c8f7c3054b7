import type { MailOutcome } from '../../contract/users';
import type { Deps } from './context';

/** A moment as the mails and messages write it: "7 December 2026 at 14:05 UTC". */
export const formatUtcDate = (date: Date) =>
  new Intl.DateTimeFormat('en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  }).format(date) + ' UTC';

/** What a mail carrying a one-time link says around it. */
export interface LinkMail {
  to: string;
  subject: string;
  /** Why the person receives it, e.g. "Ada invited you to join Acme on Perimeter." */
  opening: string;
  /** What the link does, e.g. "Open this link to choose your password:". */
  action: string;
  url: string;
  expiresAt: Date;
  /** The closing line for someone who did not expect it. */
  closing: string;
  /** Names the mail in the log line of a failure, e.g. "invitation". */
  kind: string;
}

/**
 * Mails a one-time link (an invitation, a password reset) when the deployment has SMTP
 * settings. A failure is logged and reported, not thrown: the link exists, and an administrator
 * can pass it on. The log line never holds the message, which holds the link.
 */
export async function mailLink(
  deps: Pick<Deps, 'mailer' | 'logger'>,
  mail: LinkMail,
): Promise<MailOutcome> {
  if (!deps.mailer) return 'not-configured';
  try {
    await deps.mailer.send({
      to: mail.to,
      subject: mail.subject,
      text: [
        mail.opening,
        '',
        mail.action,
        mail.url,
        '',
        `The link works once and until ${formatUtcDate(mail.expiresAt)}.`,
        mail.closing,
      ].join('\n'),
    });
    return 'sent';
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    deps.logger.warn({ to: mail.to, reason }, `${mail.kind} mail not sent`);
    return 'failed';
  }
}
