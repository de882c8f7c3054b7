import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { db } from '@/testing/mocks/db';
import { renderApp } from '@/testing/test-utils';

async function openSignIn() {
  db.signedIn = false;
  const app = renderApp('/sign-in');
  expect(
    await screen.findByRole('heading', { level: 1, name: 'Sign in to Perimeter' }),
  ).toBeInTheDocument();
  return app;
}

describe('"Forgot your password?"', () => {
  it('leads from the sign-in page to a form that asks for a link by mail', async () => {
    db.accountSettings = { ...db.accountSettings, mailDelivery: 'smtp' };
    const { user } = await openSignIn();
    await user.click(await screen.findByRole('link', { name: 'Forgot your password?' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Reset your password' }),
    ).toBeInTheDocument();

    const email = await screen.findByLabelText(/Email/);
    await user.type(email, 'not an address');
    await user.tab();
    expect(await screen.findByText(/Enter a valid email address/)).toBeInTheDocument();
    await user.clear(email);
    await user.type(email, 'Ada@Example.com');
    await user.click(screen.getByRole('button', { name: 'Send me a link' }));

    expect(await screen.findByRole('status')).toHaveTextContent(
      'If this address belongs to an account here, a link to choose a new password is on its way.',
    );
    expect(db.passwordResetRequests).toEqual(['ada@example.com']);
  });

  it('sends people to an administrator when the server cannot mail', async () => {
    db.accountSettings = { ...db.accountSettings, mailDelivery: 'none' };
    const { user } = await openSignIn();
    await user.click(await screen.findByRole('link', { name: 'Forgot your password?' }));
    expect(
      await screen.findByText(/Ask an administrator of your account for a password reset link/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Send me a link' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('link', { name: 'Back to sign-in' }));
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Sign in to Perimeter' }),
    ).toBeInTheDocument();
  });
});
