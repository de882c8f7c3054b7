import type { MailMessage, Mailer } from '../lib/mailer';

/** A mailer for tests: keeps what it was asked to send, or fails when told to. */
export class RecordingMailer implements Mailer {
  readonly sent: MailMessage[] = [];
  failWith: Error | undefined;

  async send(message: MailMessage): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.sent.push(message);
  }

  close(): void {}
}
