import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { db, MOCK_PASSWORD } from '@/testing/mocks/db';
import { buildProblem } from '@/testing/mocks/factories';
import { http } from '@/testing/mocks/http';
import { problemInit } from '@/testing/mocks/problems';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

async function signIn(user: ReturnType<typeof renderApp>['user'], email: string, password: string) {
  await user.type(await screen.findByLabelText('Email'), email);
  await user.type(screen.getByLabelText('Password'), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('sign-in page', () => {
  it('signs in and returns to the page the person asked for', async () => {
    db.signedIn = false;
    const { user, router } = renderApp('/sign-in?returnTo=%2Fadmin%2Fteams%3Fq%3Dops');

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Sign in to Perimeter' }),
    ).toBeInTheDocument();
    await signIn(user, 'ADA@example.com', MOCK_PASSWORD);

    expect(await screen.findByRole('heading', { level: 1, name: 'Teams' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/admin/teams');
    expect(router.state.location.search).toBe('?q=ops');
  });

  it('says why the session ended, for the reasons it knows only', async () => {
    db.signedIn = false;
    renderApp('/sign-in?reason=session-expired');
    expect(
      await screen.findByText(/^Your session reached its maximum length\./),
    ).toBeInTheDocument();
  });

  it('shows nothing for a reason it does not know', async () => {
    db.signedIn = false;
    renderApp('/sign-in?reason=Your%20account%20was%20hacked');
    await screen.findByRole('button', { name: 'Sign in' });
    expect(screen.queryByRole('status')).not.toBeInTheDocument();
    expect(screen.queryByText(/hacked/)).not.toBeInTheDocument();
  });

  it('goes to the start page instead of another site named in returnTo', async () => {
    db.signedIn = false;
    const { user, router } = renderApp('/sign-in?returnTo=%2F%2Fevil.example%2Fphish');

    await signIn(user, 'ada@example.com', MOCK_PASSWORD);

    expect(await screen.findByRole('heading', { level: 1, name: 'Pipelines' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/pipelines');
  });

  it("shows the server's message when the email or password is wrong", async () => {
    db.signedIn = false;
    const { user, router } = renderApp('/sign-in');

    await signIn(user, 'ada@example.com', 'not the password');

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The email or password is not right.',
    );
    expect(router.state.location.pathname).toBe('/sign-in');
  });

  it('says when to try again after too many attempts', async () => {
    db.signedIn = false;
    server.use(
      http.post('/api/auth/login', ({ response }) =>
        response(429).json(
          buildProblem(429, 'Too Many Requests', { detail: 'Too many failed sign-ins.' }),
          { headers: { ...problemInit.headers, 'Retry-After': '120' } },
        ),
      ),
    );
    const { user } = renderApp('/sign-in');

    await signIn(user, 'ada@example.com', MOCK_PASSWORD);

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Too many failed sign-in attempts. Try again in 2 minutes.',
    );
  });

  it('checks the fields before asking the server', async () => {
    db.signedIn = false;
    const { user } = renderApp('/sign-in');

    await user.type(await screen.findByLabelText('Email'), 'not-an-email');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(
      await screen.findByText('Enter a valid email address, like name@example.com.'),
    ).toBeInTheDocument();
    expect(screen.getByText('Enter your password.')).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');
  });

  it('sends the very first visitor to create the first administrator', async () => {
    db.signedIn = false;
    db.needsSetup = true;
    const { router } = renderApp('/');

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Create the first administrator' }),
    ).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/setup');
  });

  it('sends a visitor who is not signed in from the start page to sign-in', async () => {
    db.signedIn = false;
    const { router } = renderApp('/');

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Sign in to Perimeter' }),
    ).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/sign-in');
    // Never signed in, so nothing "ended".
    expect(screen.queryByText(/session has ended/)).not.toBeInTheDocument();
  });
});
