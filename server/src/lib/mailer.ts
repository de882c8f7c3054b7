import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Sends Perimeter's mail (invitations). Absent when the deployment has no SMTP settings. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

// An administrator is waiting for the answer: a slow or unreachable mail server must not hold
// the invitation up for long. The link is shown either way.
const TIMEOUTS = { connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 10_000 };

/**
 * A mailer over SMTP. `url` is `smtp://user:password@host:587` (STARTTLS when offered) or
 * `smtps://…:465` (TLS from the start).
 */
export function createSmtpMailer({ url, from }: { url: string; from: string }): Mailer {
  const transport = nodemailer.createTransport({ url, ...TIMEOUTS }, { from });
  return {
    async send(message) {
      await transport.sendMail(message);
    },
    close() {
      transport.close();
    },
  };
}
