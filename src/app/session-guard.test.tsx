import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { db, MOCK_PASSWORD } from '@/testing/mocks/db';
import { http } from '@/testing/mocks/http';
import { problemResponse } from '@/testing/mocks/problems';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

describe('when the session ends', () => {
  it('sends the person to sign-in from any failing request, and back afterwards', async () => {
    const { user, router, queryClient } = renderApp('/profile?tab=tokens');
    expect(await screen.findByRole('heading', { level: 1, name: 'Profile' })).toBeInTheDocument();

    // The session expires on the server; the next background refresh learns it.
    db.signedIn = false;
    await queryClient.invalidateQueries();

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Sign in to Perimeter' }),
    ).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(router.state.location.search).toBe('?returnTo=%2Fprofile%3Ftab%3Dtokens');
    expect(await screen.findByRole('status')).toHaveTextContent('Your session has ended.');

    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), MOCK_PASSWORD);
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Profile' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/profile');
    expect(router.state.location.search).toBe('?tab=tokens');
  });

  it('sends the person to sign-in when a change is refused for want of a session', async () => {
    const { user, router } = renderApp('/profile');
    const toggle = await screen.findByRole('switch', { name: 'Email me when a build succeeds' });

    db.signedIn = false;
    await user.click(toggle);

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Sign in to Perimeter' }),
    ).toBeInTheDocument();
    expect(router.state.location.search).toBe('?returnTo=%2Fprofile');
  });

  it('says why when the server ended an idle session, and keeps the way back', async () => {
    const { router, queryClient } = renderApp('/profile?tab=tokens');
    await screen.findByRole('heading', { level: 1, name: 'Profile' });

    server.use(
      http.get('/api/me', ({ response }) =>
        response.untyped(
          problemResponse(401, 'Unauthorized', {
            detail: 'You were signed out after a period of inactivity.',
            code: 'session-idle',
          }),
        ),
      ),
    );
    await queryClient.invalidateQueries();

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Sign in to Perimeter' }),
    ).toBeInTheDocument();
    expect(router.state.location.search).toBe(
      '?reason=session-idle&returnTo=%2Fprofile%3Ftab%3Dtokens',
    );
    expect(
      await screen.findByText(/^You were signed out after a period of inactivity\./),
    ).toBeInTheDocument();
    expect(screen.queryByText(/Your session has ended/)).not.toBeInTheDocument();
  });
});
