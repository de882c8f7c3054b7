import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { db } from '@/testing/mocks/db';
import { buildProblem } from '@/testing/mocks/factories';
import { http } from '@/testing/mocks/http';
import { problemInit } from '@/testing/mocks/problems';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

function firstVisit() {
  db.signedIn = false;
  db.needsSetup = true;
  return renderApp('/setup');
}

describe('first-administrator page', () => {
  it('creates the first administrator, who lands signed in on the start page', async () => {
    const { user, router } = firstVisit();

    await user.type(await screen.findByLabelText('Name'), 'Ada Lovelace');
    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'analytical engine 1843');
    await user.click(screen.getByRole('button', { name: 'Create administrator' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Pipelines' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/pipelines');
    expect(db.person).toMatchObject({ name: 'Ada Lovelace', level: 'administrator' });
  });

  it('validates a field as the person types, once they have left it', async () => {
    const { user } = firstVisit();
    const password = await screen.findByLabelText('Password');

    await user.type(password, 'short');
    await user.tab();
    expect(await screen.findByText('Use at least 12 characters.')).toBeInTheDocument();
    expect(password).toHaveAttribute('aria-invalid', 'true');

    await user.type(password, ' but longer now');
    expect(screen.queryByText('Use at least 12 characters.')).not.toBeInTheDocument();
    expect(password).toHaveAttribute('aria-invalid', 'false');
  });

  it("puts the server's objection on the field it concerns", async () => {
    server.use(
      http.post('/api/auth/setup', ({ response }) =>
        response(422).json(
          buildProblem(422, 'Unprocessable Content', {
            detail: 'Invitations are limited to other domains.',
            errors: [{ path: 'email', message: 'This email domain is not allowed.' }],
          }),
          problemInit,
        ),
      ),
    );
    const { user } = firstVisit();

    await user.type(await screen.findByLabelText('Name'), 'Ada Lovelace');
    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'analytical engine 1843');
    await user.click(screen.getByRole('button', { name: 'Create administrator' }));

    expect(await screen.findByText('This email domain is not allowed.')).toBeInTheDocument();
    expect(screen.getByLabelText('Email')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText('Email')).toHaveFocus();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('asks for the setup token when the server requires one, and says where to find it', async () => {
    db.setupToken = 'the-token-from-the-log';
    const { user, router } = firstVisit();

    const token = await screen.findByLabelText('Setup token');
    expect(token).toHaveAttribute('type', 'password');
    expect(token).toHaveAccessibleDescription(/log.*PERIMETER_SETUP_TOKEN/);
    await user.type(screen.getByLabelText('Name'), 'Ada Lovelace');
    await user.type(screen.getByLabelText('Email'), 'ada@example.com');
    await user.type(screen.getByLabelText('Password'), 'analytical engine 1843');
    await user.type(token, 'a guess');
    await user.click(screen.getByRole('button', { name: 'Create administrator' }));

    expect(await screen.findByText('The setup token is not right.')).toBeInTheDocument();
    expect(token).toHaveAttribute('aria-invalid', 'true');
    expect(token).toHaveFocus();
    expect(db.needsSetup).toBe(true);

    await user.clear(token);
    await user.type(token, 'the-token-from-the-log');
    await user.click(screen.getByRole('button', { name: 'Create administrator' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Pipelines' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/pipelines');
  });

  it('shows no setup token field when the server requires none', async () => {
    firstVisit();
    await screen.findByLabelText('Name');
    expect(screen.queryByLabelText('Setup token')).not.toBeInTheDocument();
  });

  it('sends to sign-in when the account is already set up', async () => {
    db.signedIn = false;
    const { router } = renderApp('/setup');

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Sign in to Perimeter' }),
    ).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/sign-in');
  });
});
