import { screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '@/testing/mocks/db';
import { buildCluster, buildUser } from '@/testing/mocks/factories';
import { http } from '@/testing/mocks/http';
import { problemResponse } from '@/testing/mocks/problems';
import { server } from '@/testing/mocks/server';
import { recordBodies } from '@/testing/record-bodies';
import { renderApp } from '@/testing/test-utils';

async function openCluster(id: string, name: string) {
  const app = renderApp(`/clusters/${id}`);
  expect(await screen.findByRole('heading', { level: 1, name })).toBeInTheDocument();
  return { ...app, section: screen.getByRole('region', { name: 'Connection' }) };
}

afterEach(() => server.events.removeAllListeners());

const PEM = [
  '-----BEGIN CERTIFICATE-----',
  'MIIBszCCAVmgAwIBAgIUX0bGZ2yXq1qU1m7c2a7dEXAMPLE0wCgYIKoZIzj0EAwIw',
  '-----END CERTIFICATE-----',
].join('\n');

describe('cluster connection: administrators', () => {
  it('sets the API server, the certificate, the token and the internal flag; the token is then only "set"', async () => {
    const cluster = buildCluster({ name: 'prod-eu' });
    db.clusters = [cluster];
    const patches = recordBodies('PATCH', '/api/clusters');
    const { user, section } = await openCluster(cluster.id, 'prod-eu');

    expect(section).toHaveTextContent(
      'Custom: any Kubernetes cluster reachable at an API server URL.',
    );
    expect(section).toHaveTextContent(
      /independent of the runner’s own privileges: it needs the privileges to deploy .* the runner’s privileges only launch pipelines/,
    );
    await user.type(
      within(section).getByRole('textbox', { name: 'API server URL' }),
      'https://k8s.example.com:6443',
    );
    // Pasted, as a certificate is: typing a newline would submit nothing but is slow.
    await user.click(within(section).getByRole('textbox', { name: 'CA certificate' }));
    await user.paste(PEM);
    await user.type(within(section).getByLabelText('Service-account token'), 'eyJhbGciOi.token');
    const internal = within(section).getByRole('switch', {
      name: 'Internal (behind the firewall)',
    });
    expect(internal).toHaveAccessibleDescription(/only runners inside your network/);
    await user.click(internal);
    await user.click(within(section).getByRole('button', { name: 'Save connection' }));

    expect(await screen.findByText('Connection of cluster prod-eu saved')).toBeInTheDocument();
    expect(patches).toEqual([
      {
        apiServerUrl: 'https://k8s.example.com:6443',
        caCertificate: PEM,
        serviceAccountToken: 'eyJhbGciOi.token',
        internal: true,
      },
    ]);
    expect(db.clusterTokens[cluster.id]).toBe('eyJhbGciOi.token');
    const token = within(section).getByLabelText('Service-account token');
    expect(token).toHaveValue('');
    expect(token).toHaveAccessibleDescription(/^Set — leave empty to keep it/);
    expect(section).not.toHaveTextContent('eyJhbGciOi.token');
  });

  it('asks for the token again before a new API server URL is saved', async () => {
    const cluster = buildCluster({
      name: 'prod-eu',
      apiServerUrl: 'https://k8s.example.com:6443',
      serviceAccountTokenSet: true,
    });
    db.clusters = [cluster];
    const patches = recordBodies('PATCH', '/api/clusters');
    const { user, section } = await openCluster(cluster.id, 'prod-eu');

    const url = within(section).getByRole('textbox', { name: 'API server URL' });
    await user.clear(url);
    await user.type(url, 'https://k8s-2.example.com:6443');
    await user.click(within(section).getByRole('button', { name: 'Save connection' }));

    expect(
      await within(section).findByText(/Give the token again when the API server URL changes/),
    ).toBeInTheDocument();
    expect(within(section).getByLabelText('Service-account token')).toHaveAccessibleDescription(
      /Give the token again when the API server URL changes/,
    );
    expect(patches).toEqual([]);
  });

  it('shows the server’s refusal of the token on the token field', async () => {
    const cluster = buildCluster({ name: 'prod-eu' });
    db.clusters = [cluster];
    const message = 'Give the service-account token again when the API server URL changes.';
    server.use(
      http.patch('/api/clusters/{id}', ({ response }) =>
        response.untyped(
          problemResponse(422, 'Invalid input', {
            detail: message,
            errors: [{ path: 'serviceAccountToken', message }],
          }),
        ),
      ),
    );
    const { user, section } = await openCluster(cluster.id, 'prod-eu');

    await user.type(within(section).getByLabelText('Service-account token'), 'new-token');
    await user.click(within(section).getByRole('button', { name: 'Save connection' }));

    const token = within(section).getByLabelText('Service-account token');
    expect(await within(section).findByText(message)).toBeInTheDocument();
    expect(token).toHaveAccessibleDescription(message);
    expect(token).toHaveAttribute('aria-invalid', 'true');
  });

  it('refuses an address that is not https before sending it', async () => {
    const cluster = buildCluster({ name: 'prod-eu' });
    db.clusters = [cluster];
    const patches = recordBodies('PATCH', '/api/clusters');
    const { user, section } = await openCluster(cluster.id, 'prod-eu');

    await user.type(
      within(section).getByRole('textbox', { name: 'API server URL' }),
      'http://k8s.example.com',
    );
    await user.click(within(section).getByRole('button', { name: 'Save connection' }));

    expect(
      await within(section).findByText('The API server is reached over https://.'),
    ).toBeInTheDocument();
    expect(patches).toEqual([]);
  });
});

describe('cluster connection: people who are not administrators', () => {
  it('see the connection without a form or the token', async () => {
    db.person = buildUser();
    const cluster = buildCluster({
      name: 'dc-1',
      privileges: ['read'],
      canEditTags: false,
      apiServerUrl: 'https://k8s.dc.example:6443',
      caCertificate: PEM,
      serviceAccountTokenSet: true,
      internal: true,
    });
    db.clusters = [cluster];
    const { section } = await openCluster(cluster.id, 'dc-1');

    expect(section).toHaveTextContent('https://k8s.dc.example:6443');
    expect(section).toHaveTextContent('Internal (behind the firewall)');
    expect(section).not.toHaveTextContent(/token/i);
    expect(within(section).queryByRole('textbox')).toBeNull();
    expect(within(section).queryByRole('button', { name: 'Save connection' })).toBeNull();
  });
});
