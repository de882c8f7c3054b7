import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { db } from '@/testing/mocks/db';
import { renderApp } from '@/testing/test-utils';

const TOKEN = 'reset-abc123';

function issue(state: 'valid' | 'used' | 'expired' = 'valid') {
  db.passwordResets[TOKEN] = { userId: db.people[1]!.id, state };
  db.signedIn = false;
}

async function openResetPage(hash = `#${TOKEN}`) {
  const app = renderApp(`/reset-password${hash}`);
  expect(
    await screen.findByRole('heading', { level: 1, name: 'Choose a new password' }),
  ).toBeInTheDocument();
  return app;
}

describe('resetting a password with a link', () => {
  it('sets the new password from the token in the fragment, then leads to sign-in', async () => {
    issue();
    const { user } = await openResetPage();
    expect(screen.getByText(/a passphrase of a few words is easiest/)).toBeInTheDocument();
    await user.type(screen.getByLabelText(/New password/), 'a fresh start passphrase');
    await user.click(screen.getByRole('button', { name: 'Set password' }));

    expect(await screen.findByRole('status')).toHaveTextContent('Your new password is set');
    expect(db.passwordResets[TOKEN]).toMatchObject({
      state: 'used',
      password: 'a fresh start passphrase',
    });
    await user.click(screen.getByRole('link', { name: 'Go to sign-in' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Sign in to Perimeter' }),
    ).toBeInTheDocument();
  });

  it('checks the strength rule before sending anything', async () => {
    issue();
    const { user } = await openResetPage();
    const password = screen.getByLabelText(/New password/);
    await user.type(password, 'short');
    await user.tab();
    expect(await screen.findByText('Use at least 12 characters.')).toBeInTheDocument();
    expect(password).toHaveAttribute('aria-invalid', 'true');
    await user.click(screen.getByRole('button', { name: 'Set password' }));
    expect(db.passwordResets[TOKEN]!.state).toBe('valid');
  });

  it('explains a used link with the server’s sentence', async () => {
    issue('used');
    const { user } = await openResetPage();
    await user.type(screen.getByLabelText(/New password/), 'a fresh start passphrase');
    await user.click(screen.getByRole('button', { name: 'Set password' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This password-reset link has already been used.',
    );
  });

  it('explains an unknown link', async () => {
    db.signedIn = false;
    const { user } = await openResetPage('#no-such-token');
    await user.type(screen.getByLabelText(/New password/), 'a fresh start passphrase');
    await user.click(screen.getByRole('button', { name: 'Set password' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'This password-reset link is not valid',
    );
  });

  it('says where the page comes from when the link lost its token', async () => {
    db.signedIn = false;
    await openResetPage('');
    expect(screen.getByText(/This page opens from the password-reset link/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Set password' })).not.toBeInTheDocument();
  });
});
