import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { db, MOCK_PASSWORD } from '@/testing/mocks/db';
import { buildInvitation, buildPerson } from '@/testing/mocks/factories';
import { renderApp } from '@/testing/test-utils';

const TOKEN = 'token-abc123';

function invite(state: 'valid' | 'used' | 'expired' = 'valid') {
  const person = buildPerson({
    email: 'katherine@example.com',
    name: 'katherine',
    status: 'invited',
    invitation: { expiresAt: '2026-12-01T09:00:00.000Z', expired: state === 'expired' },
  });
  db.people = [...db.people, person];
  db.invitations[TOKEN] = {
    ...buildInvitation({ email: person.email, name: person.name }),
    userId: person.id,
    state,
  };
  db.signedIn = false;
  return person;
}

async function openInvitation(hash = `#${TOKEN}`) {
  const app = renderApp(`/accept-invitation${hash}`);
  expect(
    await screen.findByRole('heading', { level: 1, name: 'Accept your invitation' }),
  ).toBeInTheDocument();
  return app;
}

describe('accepting an invitation', () => {
  it('sets the password and name, then signs in with the address filled in', async () => {
    invite();
    const { user, router } = await openInvitation();
    expect(await screen.findByText(/You are invited to/)).toHaveTextContent(
      'You are invited to Acme Corp on Perimeter as katherine@example.com.',
    );
    const name = screen.getByLabelText('Your name');
    expect(name).toHaveValue('katherine');
    await user.clear(name);
    await user.type(name, 'Katherine Johnson');
    await user.type(screen.getByLabelText('Choose a password'), 'orbital mechanics 1962');
    await user.click(screen.getByRole('button', { name: 'Join' }));

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Sign in to Perimeter' }),
    ).toBeInTheDocument();
    expect(router.state.location.hash).toBe('');
    expect(await screen.findByRole('status')).toHaveTextContent('Your password is set.');
    expect(screen.getByLabelText('Email')).toHaveValue('katherine@example.com');
    expect(db.invitations[TOKEN]!.accepted).toEqual({
      password: 'orbital mechanics 1962',
      name: 'Katherine Johnson',
    });
  });

  it('checks the password as it is typed', async () => {
    invite();
    const { user } = await openInvitation();
    const password = await screen.findByLabelText('Choose a password');
    await user.type(password, 'short');
    await user.tab();
    expect(await screen.findByText('Use at least 12 characters.')).toBeInTheDocument();
    expect(password).toHaveAttribute('aria-invalid', 'true');
    await user.click(screen.getByRole('button', { name: 'Join' }));
    expect(db.invitations[TOKEN]!.state).toBe('valid');
  });

  it('explains an expired link', async () => {
    invite('expired');
    await openInvitation();
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This invitation expired on 1 December 2026. Ask an administrator of your account to send a new one.',
    );
    expect(screen.queryByRole('button', { name: 'Join' })).not.toBeInTheDocument();
  });

  it('sends someone who already joined to sign in', async () => {
    invite('used');
    const { user } = await openInvitation();
    expect(await screen.findByRole('alert')).toHaveTextContent('already been used');
    await user.click(screen.getByRole('link', { name: 'Go to sign-in' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Sign in to Perimeter' }),
    ).toBeInTheDocument();
  });

  it('explains a link that is not (or no longer) valid', async () => {
    db.signedIn = false;
    await openInvitation('#replaced-long-ago');
    expect(await screen.findByRole('alert')).toHaveTextContent('This invitation link is not valid');
  });

  it('explains the page when it is opened without a link', async () => {
    db.signedIn = false;
    await openInvitation('');
    expect(screen.getByText(/opens from the invitation link/)).toBeInTheDocument();
  });

  it('lets the new person sign in afterwards', async () => {
    const person = invite();
    const { user } = await openInvitation();
    await user.type(await screen.findByLabelText('Choose a password'), 'orbital mechanics 1962');
    await user.click(screen.getByRole('button', { name: 'Join' }));
    await screen.findByRole('heading', { level: 1, name: 'Sign in to Perimeter' });
    // The mock signs in its one person; make the new person that person.
    db.person = {
      ...db.person,
      id: person.id,
      email: person.email,
      name: 'katherine',
      level: 'user',
    };

    await user.type(await screen.findByLabelText('Password'), MOCK_PASSWORD);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Pipelines' })).toBeInTheDocument();
  });
});
