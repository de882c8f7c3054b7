import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { db } from '@/testing/mocks/db';
import { buildUser } from '@/testing/mocks/factories';
import { renderApp } from '@/testing/test-utils';

const ADMINISTRATION = [
  'People',
  'Teams',
  'Permissions',
  'Security',
  'Pipeline sources',
  'Integrations',
  'Runners',
  'Audit log',
  'Policy',
  'Account settings',
];

describe('app shell', () => {
  it('shows an administrator the everyday screens and the Administration section', async () => {
    renderApp('/');

    const nav = await screen.findByRole('navigation', { name: 'Main navigation' });
    for (const name of ['Pipelines', 'Clusters', ...ADMINISTRATION]) {
      expect(within(nav).getByRole('link', { name })).toBeInTheDocument();
    }
    expect(within(nav).getByRole('heading', { name: 'Administration' })).toBeInTheDocument();
  });

  it('shows a user only the everyday screens', async () => {
    db.person = buildUser();
    renderApp('/');

    const nav = await screen.findByRole('navigation', { name: 'Main navigation' });
    expect(within(nav).getByRole('link', { name: 'Pipelines' })).toBeInTheDocument();
    expect(within(nav).getByRole('link', { name: 'Clusters' })).toBeInTheDocument();
    for (const name of ADMINISTRATION) {
      expect(within(nav).queryByRole('link', { name })).not.toBeInTheDocument();
    }
  });

  it('opens Pipelines as the start page, with the account name in the app bar', async () => {
    const { router } = renderApp('/');

    expect(await screen.findByRole('heading', { level: 1, name: 'Pipelines' })).toBeInTheDocument();
    expect(await screen.findByText('No pipelines to show')).toBeInTheDocument();
    expect(screen.getByText('Acme Corp')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/pipelines');
  });

  it('tells a user who opens an administration address that it is for administrators only', async () => {
    db.person = buildUser();
    renderApp('/admin/people');

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Administrators only' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/The People screen belongs to the account's administration/),
    ).toBeInTheDocument();
  });

  it('lets an administrator open an administration screen', async () => {
    renderApp('/admin/audit-log');

    expect(await screen.findByRole('heading', { level: 1, name: 'Audit log' })).toBeInTheDocument();
  });

  it('shows "Page not found" for an address that leads nowhere', async () => {
    renderApp('/no/such/page');

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Page not found' }),
    ).toBeInTheDocument();
  });

  it('navigates to a screen chosen in the navigation', async () => {
    const { user, router } = renderApp('/pipelines');
    const nav = await screen.findByRole('navigation', { name: 'Main navigation' });

    await user.click(within(nav).getByRole('link', { name: 'Clusters' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Clusters' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/clusters');
    expect(within(nav).getByRole('link', { name: 'Clusters' })).toHaveAttribute(
      'aria-current',
      'page',
    );
  });

  it('opens the profile from the account menu', async () => {
    const { user, router } = renderApp('/pipelines');

    await user.click(await screen.findByRole('button', { name: 'Account menu' }));
    // The menu loads when it is first opened.
    await user.click(await screen.findByRole('menuitem', { name: 'Profile' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Profile' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/profile');
  });

  it('signs out from the account menu and shows the sign-in page', async () => {
    const { user, router } = renderApp('/pipelines');

    await user.click(await screen.findByRole('button', { name: 'Account menu' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Sign out' }));

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Sign in to Perimeter' }),
    ).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(db.signedIn).toBe(false);
    // A deliberate sign-out is not a lost session.
    expect(screen.queryByText(/session has ended/)).not.toBeInTheDocument();
  });
});
