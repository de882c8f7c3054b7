import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpMailer } from './mailer';

/** A real SMTP server on a local port, keeping what it receives. */
let server: SMTPServer;
let port: number;
const received: { from: string; to: string[]; data: string; user?: string }[] = [];

beforeAll(async () => {
  server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === 'perimeter' && auth.password === 'mail-secret') {
        callback(null, { user: auth.username });
      } else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      let data = '';
      stream.on('data', (chunk: Buffer) => (data += chunk.toString()));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          data,
          user: session.user as string | undefined,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('the SMTP mailer', () => {
  it('delivers a message through an SMTP server, signing in with the URL’s credentials', async () => {
    const mailer = createSmtpMailer({
      url: `smtp://perimeter:mail-secret@127.0.0.1:${port}`,
      from: 'Perimeter <perimeter@acme.example>',
    });
    try {
      await mailer.send({
        to: 'grace@acme.example',
        subject: 'You are invited to Acme on Perimeter',
        text: 'Open this link: https://perimeter.acme.example/accept-invitation#abc',
      });
    } finally {
      mailer.close();
    }
    const message = received.at(-1)!;
    expect(message).toMatchObject({
      from: 'perimeter@acme.example',
      to: ['grace@acme.example'],
      user: 'perimeter',
    });
    expect(message.data).toContain('Subject: You are invited to Acme on Perimeter');
    expect(message.data).toContain('accept-invitation#abc');
  });

  it('fails with the server’s reason when it refuses the credentials', async () => {
    const mailer = createSmtpMailer({
      url: `smtp://perimeter:wrong@127.0.0.1:${port}`,
      from: 'perimeter@acme.example',
    });
    try {
      await expect(
        mailer.send({ to: 'grace@acme.example', subject: 'x', text: 'y' }),
      ).rejects.toThrow(/Invalid username or password/);
    } finally {
      mailer.close();
    }
  });
});
