import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { passwordRefusedSentence, SSO_FAILURE_CODES, ssoFailureSentence } from '@contract/sso';
import { leavePage } from '@/lib/leave-page';
import { db, MOCK_DIRECTORY_USER, MOCK_PASSWORD } from '@/testing/mocks/db';
import { buildProblem, buildSsoProvider } from '@/testing/mocks/factories';
import { http } from '@/testing/mocks/http';
import { problemInit, problemResponse } from '@/testing/mocks/problems';
import { recordBodies } from '@/testing/record-bodies';
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

describe('sign-in page: SSO providers', () => {
  function accountWithProviders() {
    db.signedIn = false;
    db.ssoProviders = [
      buildSsoProvider({ id: 'okta', name: 'Acme Okta', type: 'oidc' }),
      buildSsoProvider({ id: 'adfs', name: 'Corporate SAML', type: 'saml' }),
      buildSsoProvider({ id: 'ad', name: 'Active Directory', type: 'ldap' }),
    ];
  }

  it('offers each provider by name, a browser sign-in going to its start with the return target', async () => {
    accountWithProviders();
    const { user } = renderApp('/sign-in?returnTo=%2Fadmin%2Fteams%3Fq%3Dops');

    const sso = await screen.findByRole('region', { name: 'Single sign-on' });
    expect(
      within(sso)
        .getAllByRole('button')
        .map((button) => button.textContent),
    ).toEqual([
      'Sign in with Acme Okta',
      'Sign in with Active Directory',
      'Sign in with Corporate SAML',
    ]);
    // A full-page navigation to the server's start, with where to come back to.
    const leave = vi.spyOn(leavePage, 'assign').mockImplementation(() => undefined);
    try {
      await user.click(within(sso).getByRole('button', { name: 'Sign in with Acme Okta' }));
      await user.click(within(sso).getByRole('button', { name: 'Sign in with Corporate SAML' }));
      expect(leave.mock.calls).toEqual([
        ['/api/auth/sso/okta/start?returnTo=%2Fadmin%2Fteams%3Fq%3Dops'],
        ['/api/auth/sso/adfs/start?returnTo=%2Fadmin%2Fteams%3Fq%3Dops'],
      ]);
    } finally {
      leave.mockRestore();
    }
    // The password form is there as before.
    expect(screen.getByLabelText('Email')).toBeInTheDocument();
  });

  it('shows the password form alone when the account has no provider or the list fails', async () => {
    db.signedIn = false;
    server.use(
      http.get('/api/auth/sso-providers', ({ response }) =>
        response.untyped(problemResponse(500, 'Internal Server Error')),
      ),
    );
    renderApp('/sign-in');

    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Single sign-on' })).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it.each(SSO_FAILURE_CODES)('says why the SSO sign-in failed (%s)', async (code) => {
    accountWithProviders();
    renderApp(`/sign-in?sso=${code}&provider=okta`);

    expect(await screen.findByRole('alert')).toHaveTextContent(
      ssoFailureSentence(code, 'Acme Okta'),
    );
  });

  it('shows nothing for a failure code it does not know', async () => {
    accountWithProviders();
    renderApp('/sign-in?sso=Your%20account%20was%20hacked&provider=okta');

    await screen.findByRole('button', { name: 'Sign in with Acme Okta' });
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.queryByText(/hacked/)).not.toBeInTheDocument();
  });

  it('names the identity provider in general when the provider is not known', async () => {
    accountWithProviders();
    renderApp('/sign-in?sso=cancelled&provider=gone');

    expect(await screen.findByRole('alert')).toHaveTextContent(
      ssoFailureSentence('cancelled', 'Your identity provider'),
    );
  });

  it('signs in through an LDAP provider with its form and returns to the page asked for', async () => {
    accountWithProviders();
    const { user, router } = renderApp('/sign-in?returnTo=%2Fadmin%2Fteams');

    const button = await screen.findByRole('button', { name: 'Sign in with Active Directory' });
    expect(button).toHaveAttribute('aria-expanded', 'false');
    await user.click(button);
    expect(button).toHaveAttribute('aria-expanded', 'true');
    const form = screen.getByRole('form', { name: 'Sign in with Active Directory' });
    expect(within(form).getByRole('textbox', { name: 'User name' })).toHaveFocus();
    await user.type(within(form).getByLabelText('User name'), MOCK_DIRECTORY_USER.username);
    await user.type(within(form).getByLabelText('Password'), MOCK_DIRECTORY_USER.password);
    await user.click(within(form).getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Teams' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/admin/teams');
  });

  it('shows the sentence of an LDAP refusal and stays on the page', async () => {
    accountWithProviders();
    const { user, router } = renderApp('/sign-in');

    await user.click(await screen.findByRole('button', { name: 'Sign in with Active Directory' }));
    const form = screen.getByRole('form', { name: 'Sign in with Active Directory' });
    await user.type(within(form).getByLabelText('User name'), 'ada');
    await user.type(within(form).getByLabelText('Password'), 'not the password');
    await user.click(within(form).getByRole('button', { name: 'Sign in' }));

    expect(await within(form).findByRole('alert')).toHaveTextContent(
      ssoFailureSentence('invalid-credentials', 'Active Directory'),
    );
    expect(router.state.location.pathname).toBe('/sign-in');
    // A refused sign-in is not a lost session: no "session ended" notice.
    expect(screen.queryByText(/session has ended/)).not.toBeInTheDocument();
  });

  it('checks the LDAP fields before asking the server', async () => {
    accountWithProviders();
    const bodies = recordBodies('POST', '/api/auth/ldap/');
    const { user } = renderApp('/sign-in');

    await user.click(await screen.findByRole('button', { name: 'Sign in with Active Directory' }));
    const form = screen.getByRole('form', { name: 'Sign in with Active Directory' });
    await user.click(within(form).getByRole('button', { name: 'Sign in' }));

    expect(await within(form).findByText('Enter your user name.')).toBeInTheDocument();
    expect(within(form).getByText('Enter your password.')).toBeInTheDocument();
    expect(bodies).toEqual([]);
    server.events.removeAllListeners();
  });

  it('says to use the provider when the password sign-in is refused for it', async () => {
    db.signedIn = false;
    server.use(
      http.post('/api/auth/login', () =>
        problemResponse(403, 'Forbidden', {
          detail: passwordRefusedSentence('Acme Okta'),
          code: 'signs-in-through-sso',
        }),
      ),
    );
    const { user } = renderApp('/sign-in');

    await signIn(user, 'ada@example.com', MOCK_PASSWORD);

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Your account is set to sign in through Acme Okta. Use “Sign in with Acme Okta” instead of a password.',
    );
  });
});
