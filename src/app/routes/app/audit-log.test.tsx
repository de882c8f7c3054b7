import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { REDACTED, REDACTED_CHANGED } from '@contract/audit';
import { db } from '@/testing/mocks/db';
import { buildAuditEntry, buildPerson, buildUser } from '@/testing/mocks/factories';
import { http } from '@/testing/mocks/http';
import { problemResponse } from '@/testing/mocks/problems';
import { server } from '@/testing/mocks/server';
import { renderApp } from '@/testing/test-utils';

async function openAuditLog(route = '/admin/audit-log') {
  const app = renderApp(route);
  expect(await screen.findByRole('heading', { level: 1, name: 'Audit log' })).toBeInTheDocument();
  return app;
}

const auditTable = () => screen.findByRole('table', { name: 'Audit log' });

/** The text of each row's cells, by row: [when, who, action, target]. */
async function rows(): Promise<string[][]> {
  const table = await auditTable();
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) =>
      [within(row).getByRole('rowheader'), ...within(row).getAllByRole('cell').slice(0, 3)].map(
        (cell) => cell.textContent ?? '',
      ),
    );
}

const when = (iso: string) =>
  new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' }).format(
    new Date(iso),
  );

type Seen = { params: URLSearchParams; accept: string | null };

/** The query and Accept header of every `GET /api/audit` the mock API receives. */
function recordListRequests(): Seen[] {
  const seen: Seen[] = [];
  server.events.on('request:start', ({ request }) => {
    const url = new URL(request.url);
    if (request.method === 'GET' && url.pathname === '/api/audit') {
      seen.push({ params: url.searchParams, accept: request.headers.get('Accept') });
    }
  });
  return seen;
}

const lastQuery = (seen: Seen[]) => Object.fromEntries(seen.at(-1)?.params ?? []);

const ada = { kind: 'person' as const, id: '', name: 'Ada Lovelace', email: 'ada@example.com' };

beforeEach(() => {
  ada.id = db.person.id;
});

afterEach(() => {
  server.events.removeAllListeners();
  vi.restoreAllMocks();
});

describe('audit log: the list', () => {
  it('lists entries newest first: when, who (a person or their API token), the action in words, the target', async () => {
    db.auditEntries = [
      buildAuditEntry({
        at: '2026-03-01T09:00:00.000Z',
        actor: ada,
        action: 'team.created',
        target: { type: 'team', id: crypto.randomUUID(), name: 'qa' },
        before: null,
        after: { name: 'qa', memberIds: [] },
      }),
      buildAuditEntry({
        at: '2026-03-02T10:00:00.000Z',
        actor: { ...ada, kind: 'token', tokenId: crypto.randomUUID(), tokenName: 'deploy-script' },
        action: 'rule.updated',
        target: { type: 'rule', id: crypto.randomUUID(), name: 'rule 4' },
      }),
      buildAuditEntry({
        at: '2026-03-01T12:00:00.000Z',
        actor: ada,
        action: 'user.invited',
        target: { type: 'user', id: crypto.randomUUID(), name: 'grace@example.com' },
        before: null,
        after: { email: 'grace@example.com', level: 'user' },
      }),
    ];
    await openAuditLog();

    expect(await rows()).toEqual([
      [
        when('2026-03-02T10:00:00.000Z'),
        'API token deploy-script of Ada Lovelaceada@example.com',
        'Changed an access rule',
        'rule 4Access rule',
      ],
      [
        when('2026-03-01T12:00:00.000Z'),
        'Ada Lovelaceada@example.com',
        'Invited a person',
        'grace@example.comPerson',
      ],
      [when('2026-03-01T09:00:00.000Z'), 'Ada Lovelaceada@example.com', 'Created a team', 'qaTeam'],
    ]);
    // Read only: nothing in the list edits or deletes an entry.
    const table = await auditTable();
    expect(within(table).queryByRole('button', { name: /edit|delete|remove/i })).toBeNull();
    expect(within(table).getAllByRole('button', { name: /^View changes/ })).toHaveLength(3);
  });

  it('pages through the log', async () => {
    db.auditEntries = Array.from({ length: 25 }, (_, index) =>
      buildAuditEntry({
        at: new Date(Date.UTC(2026, 2, 1, 0, index)).toISOString(),
        target: { type: 'team', id: crypto.randomUUID(), name: `team-${index}` },
      }),
    );
    const seen = recordListRequests();
    const { user, router } = await openAuditLog();

    expect((await rows())[0]![3]).toBe('team-24Team');
    expect(screen.getByText('1–20 of 25')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Go to next page' }));

    await waitFor(() => expect(router.state.location.search).toBe('?page=2'));
    await waitFor(async () => expect(await rows()).toHaveLength(5));
    expect((await rows())[4]![3]).toBe('team-0Team');
    expect(lastQuery(seen)).toEqual({ page: '2', pageSize: '20' });
  });

  it('says when the log is empty, and offers nothing to download', async () => {
    await openAuditLog();
    expect(await screen.findByText('No changes yet')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Download CSV' })).not.toBeInTheDocument();
  });

  it('says when nothing matches the filters, and clears them', async () => {
    db.auditEntries = [buildAuditEntry({ action: 'team.updated' })];
    const { user, router } = await openAuditLog('/admin/audit-log?action=rule.deleted');

    expect(await screen.findByText('No entry matches')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Download CSV' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));

    await waitFor(() => expect(router.state.location.search).toBe(''));
    expect(await rows()).toHaveLength(1);
  });

  it('offers to try again when the log cannot be loaded', async () => {
    server.use(
      http.get('/api/audit', ({ response }) =>
        response.untyped(problemResponse(500, 'Internal Server Error', { requestId: 'req-5' })),
      ),
    );
    const { user } = await openAuditLog();

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The audit entries could not be loaded.');
    expect(alert).toHaveTextContent('reference req-5');
    server.resetHandlers();
    await user.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('No changes yet')).toBeInTheDocument();
  });

  it('tells a person with user level that the screen is for administrators', async () => {
    db.person = buildUser();
    renderApp('/admin/audit-log');

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Administrators only' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/The Audit log screen belongs/)).toBeInTheDocument();
  });
});

describe('audit log: filters', () => {
  it('sends the action and the target kind chosen, and keeps them in the address', async () => {
    db.auditEntries = [
      buildAuditEntry({ action: 'team.created', before: null }),
      buildAuditEntry({
        action: 'cluster.updated',
        target: { type: 'cluster', id: crypto.randomUUID(), name: 'prod-eu' },
      }),
    ];
    const seen = recordListRequests();
    const { user, router } = await openAuditLog();
    expect(await rows()).toHaveLength(2);

    await user.selectOptions(screen.getByRole('combobox', { name: 'Target kind' }), 'Cluster');
    await waitFor(() => expect(router.state.location.search).toBe('?targetType=cluster'));
    await waitFor(async () => expect(await rows()).toHaveLength(1));
    expect(lastQuery(seen)).toMatchObject({ targetType: 'cluster' });

    await user.selectOptions(screen.getByRole('combobox', { name: 'Action' }), 'Changed a cluster');
    await waitFor(() =>
      expect(router.state.location.search).toBe('?targetType=cluster&action=cluster.updated'),
    );
    await waitFor(() =>
      expect(lastQuery(seen)).toEqual({
        page: '1',
        pageSize: '20',
        targetType: 'cluster',
        action: 'cluster.updated',
      }),
    );
    expect((await rows())[0]![2]).toBe('Changed a cluster');
  });

  it('finds a person as one types and filters by them', async () => {
    const grace = buildPerson({ name: 'Grace Hopper', email: 'grace.h@example.com' });
    db.people = [...db.people, grace];
    db.auditEntries = [
      buildAuditEntry({ actor: ada, action: 'team.created', before: null }),
      buildAuditEntry({
        actor: { kind: 'person', id: grace.id, name: grace.name, email: grace.email },
        action: 'rule.deleted',
        after: null,
      }),
    ];
    const seen = recordListRequests();
    const { user, router } = await openAuditLog();
    expect(await rows()).toHaveLength(2);

    const person = screen.getByRole('combobox', { name: 'Person' });
    await user.click(person);
    await user.type(person, 'grace.h');
    const option = await screen.findByRole('option', { name: /Grace Hopper/ });
    expect(option).toHaveTextContent('grace.h@example.com');
    await user.click(option);

    await waitFor(() => expect(router.state.location.search).toBe(`?actorId=${grace.id}`));
    await waitFor(async () => expect(await rows()).toHaveLength(1));
    expect(lastQuery(seen)).toMatchObject({ actorId: grace.id });
    expect((await rows())[0]![1]).toContain('Grace Hopper');
    expect(person).toHaveValue('Grace Hopper');
  });

  it('opens with the filters of the address, names the person, and ignores what it does not know', async () => {
    const grace = buildPerson({ name: 'Grace Hopper' });
    db.people = [...db.people, grace];
    const seen = recordListRequests();
    await openAuditLog(
      `/admin/audit-log?actorId=${grace.id}&action=made.up&targetType=team&from=not-a-time`,
    );

    await screen.findByText('No entry matches');
    expect(lastQuery(seen)).toEqual({
      page: '1',
      pageSize: '20',
      actorId: grace.id,
      targetType: 'team',
    });
    await waitFor(() =>
      expect(screen.getByRole('combobox', { name: 'Person' })).toHaveValue('Grace Hopper'),
    );
    expect(screen.getByRole('combobox', { name: 'Target kind' })).toHaveValue('team');
    expect(screen.getByRole('combobox', { name: 'Action' })).toHaveValue('');
  });

  it('narrows to a time range typed in the local time, and refuses one that ends before it starts', async () => {
    db.auditEntries = [
      buildAuditEntry({ at: new Date('2026-03-01T08:00').toISOString() }),
      buildAuditEntry({ at: new Date('2026-03-01T10:00').toISOString() }),
      buildAuditEntry({ at: new Date('2026-03-02T10:00').toISOString() }),
    ];
    const seen = recordListRequests();
    const { router } = await openAuditLog();
    expect(await rows()).toHaveLength(3);
    const from = screen.getByLabelText('From');
    const to = screen.getByLabelText('To');

    fireEvent.change(from, { target: { value: '2026-03-01T09:00' } });
    fireEvent.blur(from);
    await waitFor(async () => expect(await rows()).toHaveLength(2));
    const fromIso = new Date('2026-03-01T09:00').toISOString();
    expect(lastQuery(seen)).toMatchObject({ from: fromIso });
    expect(new URLSearchParams(router.state.location.search).get('from')).toBe(fromIso);

    fireEvent.change(to, { target: { value: '2026-03-01T08:30' } });
    fireEvent.blur(to);
    expect(to).toHaveAccessibleDescription('The end of the time range must come after its start.');
    expect(lastQuery(seen)).not.toHaveProperty('to');

    fireEvent.change(to, { target: { value: '2026-03-02T00:00' } });
    // Applied once typing pauses, without leaving the field.
    await waitFor(() =>
      expect(lastQuery(seen)).toMatchObject({
        from: fromIso,
        to: new Date('2026-03-02T00:00').toISOString(),
      }),
    );
    expect(to).not.toHaveAttribute('aria-invalid', 'true');
    await waitFor(async () => expect(await rows()).toHaveLength(1));
  });
});

describe('audit log: an entry', () => {
  it('links a definition change to the version it saved in the pipeline’s history', async () => {
    const pipelineId = crypto.randomUUID();
    db.auditEntries = [
      buildAuditEntry({
        action: 'pipeline.updated',
        target: { type: 'pipeline', id: pipelineId, name: 'payments/deploy' },
        before: { name: 'deploy', source: { type: 'inline', lines: 4, sha256: 'a' } },
        after: {
          name: 'deploy',
          source: { type: 'inline', lines: 3, sha256: 'b' },
          definitionVersion: 3,
          restoredFrom: 1,
        },
      }),
    ];
    const { user } = await openAuditLog();
    await user.click(await screen.findByRole('button', { name: /^View changes: / }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('link', { name: 'Version 3' })).toHaveAttribute(
      'href',
      `/pipelines/${pipelineId}/history?version=3`,
    );
    expect(dialog).toHaveTextContent('Version 3, restored from version 1');
  });

  it('opens to a table of the changed fields, the unchanged ones collapsed, secrets as [redacted]', async () => {
    db.auditEntries = [
      buildAuditEntry({
        at: '2026-03-01T09:00:00.000Z',
        actor: ada,
        action: 'sso-provider.updated',
        target: { type: 'sso-provider', id: crypto.randomUUID(), name: 'Okta EU' },
        before: {
          name: 'Okta',
          issuerUrl: 'https://acme.okta.example',
          clientId: 'perimeter',
          clientSecret: REDACTED,
          scopes: ['openid', 'email'],
        },
        after: {
          name: 'Okta EU',
          issuerUrl: 'https://acme.okta.example',
          clientId: 'perimeter',
          clientSecret: REDACTED_CHANGED,
          scopes: ['openid', 'email', 'profile'],
        },
      }),
    ];
    const { user } = await openAuditLog();

    await user.click(
      await screen.findByRole('button', {
        name: `View changes: Changed an SSO provider: SSO provider Okta EU, ${when('2026-03-01T09:00:00.000Z')}`,
      }),
    );
    const dialog = await screen.findByRole('dialog', { name: 'Changed an SSO provider' });
    expect(dialog).toHaveTextContent('Ada Lovelace (ada@example.com)');
    expect(dialog).toHaveTextContent('SSO provider Okta EU');

    const changed = within(dialog).getByRole('table', { name: 'Changed fields' });
    const changedRows = within(changed)
      .getAllByRole('row')
      .map((row) =>
        [...within(row).queryAllByRole('columnheader'), ...within(row).queryAllByRole('cell')].map(
          (cell) => cell.textContent,
        ),
      );
    expect(
      within(changed)
        .getAllByRole('rowheader')
        .map((cell) => cell.textContent),
    ).toEqual(['Name', 'Client secret', 'Scopes']);
    expect(changedRows).toEqual([
      ['Field', 'Before', 'After'],
      ['Okta', 'Okta EU'],
      [REDACTED, REDACTED_CHANGED],
      ['openid, email', 'openid, email, profile'],
    ]);
    expect(dialog).toHaveTextContent('Secrets are never recorded');

    // The unchanged fields are collapsed until asked for.
    expect(within(dialog).queryByRole('table', { name: 'Unchanged fields' })).toBeNull();
    const toggle = within(dialog).getByRole('button', { name: 'Show 2 unchanged fields' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    await user.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    const unchanged = within(dialog).getByRole('table', { name: 'Unchanged fields' });
    expect(
      within(unchanged)
        .getAllByRole('rowheader')
        .map((cell) => cell.textContent),
    ).toEqual(['Issuer URL', 'Client ID']);
    expect(unchanged).toHaveTextContent('https://acme.okta.example');

    // Read only: the dialog offers nothing but closing it.
    expect(
      within(dialog)
        .getAllByRole('button')
        .map((button) => button.textContent),
    ).toEqual(['Hide 2 unchanged fields', 'Close']);
  });

  it('shows a sign-in through SSO as what was recorded: the way, the provider and the address', async () => {
    db.auditEntries = [
      buildAuditEntry({
        at: '2026-03-01T09:00:00.000Z',
        actor: ada,
        action: 'session.signed-in',
        target: { type: 'user', id: crypto.randomUUID(), name: 'Ada Lovelace' },
        before: null,
        after: {
          session: 'a1b2c3',
          method: 'oidc',
          ssoProvider: 'Acme Okta',
          address: '203.0.113.7',
        },
      }),
    ];
    const { user } = await openAuditLog();

    await user.click(await screen.findByRole('button', { name: /^View changes: Signed in/ }));
    const dialog = await screen.findByRole('dialog', { name: 'Signed in' });
    const recorded = within(dialog).getByRole('table', { name: 'Changed fields' });
    expect(
      within(recorded)
        .getAllByRole('row')
        .map((row) =>
          [
            ...within(row).queryAllByRole('columnheader'),
            ...within(row).queryAllByRole('rowheader'),
            ...within(row).queryAllByRole('cell'),
          ].map((cell) => cell.textContent),
        ),
    ).toEqual([
      ['Field', 'Recorded'],
      ['Session', 'a1b2c3'],
      ['Method', 'OpenID Connect'],
      ['SSO provider', 'Acme Okta'],
      ['Address', '203.0.113.7'],
    ]);
  });

  it('opens and closes by keyboard, and gives the focus back to the row', async () => {
    db.auditEntries = [
      buildAuditEntry({
        action: 'team.created',
        target: { type: 'team', id: crypto.randomUUID(), name: 'qa' },
        before: null,
        after: { name: 'qa', memberIds: [] },
      }),
    ];
    const { user } = await openAuditLog();
    const open = await screen.findByRole('button', { name: /^View changes: Created a team/ });

    open.focus();
    await user.keyboard('{Enter}');
    const dialog = await screen.findByRole('dialog', { name: 'Created a team' });
    // A creation has nothing before it: only what was recorded.
    const changed = within(dialog).getByRole('table', { name: 'Changed fields' });
    expect(within(changed).queryByRole('columnheader', { name: 'Before' })).toBeNull();
    const name = within(changed).getByRole('rowheader', { name: 'Name' }).closest('tr')!;
    expect(
      within(name)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['qa']);
    expect(
      within(changed).getByRole('rowheader', { name: 'Member IDs' }).closest('tr'),
    ).toHaveTextContent('(none)');

    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(open).toHaveFocus();
  });

  it('opens the entry a link names', async () => {
    const entry = buildAuditEntry({
      action: 'settings.security.updated',
      target: { type: 'account', id: crypto.randomUUID(), name: 'Acme Corp' },
      before: { idleTimeoutMinutes: 60 },
      after: { idleTimeoutMinutes: 15 },
    });
    db.auditEntries = [entry];
    // The dialog is modal: the page behind it is hidden from the accessibility tree.
    const { user, router } = renderApp(`/admin/audit-log?entry=${entry.id}`);

    const dialog = await screen.findByRole('dialog', { name: 'Changed the security settings' });
    const row = within(dialog)
      .getByRole('rowheader', { name: 'Idle timeout minutes' })
      .closest('tr')!;
    expect(
      within(row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['60', '15']);
    expect(within(dialog).queryByRole('button', { name: /unchanged/ })).toBeNull();

    await user.click(within(dialog).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(router.state.location.search).toBe(''));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: 'Audit log' })).toBeInTheDocument();
  });

  it('says so when a linked entry does not exist', async () => {
    renderApp(`/admin/audit-log?entry=${crypto.randomUUID()}`);

    const dialog = await screen.findByRole('dialog', { name: 'Audit entry' });
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'The audit entry could not be loaded. There is no such audit entry.',
    );
  });
});

describe('audit log: CSV', () => {
  it('downloads the filtered list as CSV, asking with Accept: text/csv', async () => {
    db.auditEntries = [
      buildAuditEntry({ action: 'team.created', before: null }),
      buildAuditEntry({ action: 'rule.deleted', after: null }),
    ];
    const seen = recordListRequests();
    const saved: { name: string; href: string }[] = [];
    const blobs: Blob[] = [];
    vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
      blobs.push(blob as Blob);
      return 'blob:audit-csv';
    });
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      saved.push({ name: this.download, href: this.href });
    });
    const { user } = await openAuditLog('/admin/audit-log?action=team.created&page=1');
    await auditTable();

    await user.click(screen.getByRole('button', { name: 'Download CSV' }));

    expect(
      await screen.findByText('Downloaded perimeter-audit-2026-03-02.csv'),
    ).toBeInTheDocument();
    const csvRequest = seen.find((request) => request.accept === 'text/csv');
    expect(csvRequest).toBeDefined();
    // The filters, and no paging: the server sends every matching entry.
    expect(Object.fromEntries(csvRequest!.params)).toEqual({ action: 'team.created' });
    expect(saved).toEqual([{ name: 'perimeter-audit-2026-03-02.csv', href: 'blob:audit-csv' }]);
    const text = await blobs[0]!.text();
    expect(text.split('\r\n')[0]).toBe(
      'id,at,actorKind,actorId,actorName,actorEmail,tokenName,action,targetType,targetId,targetName,before,after',
    );
    expect(text).toContain('team.created');
    expect(text).not.toContain('rule.deleted');
  });

  it('says why a download failed', async () => {
    server.use(
      http.get('/api/audit', ({ request, response }) =>
        request.headers.get('Accept') === 'text/csv'
          ? response.untyped(problemResponse(503, 'Service Unavailable'))
          : response(200).json({ items: [buildAuditEntry()], total: 1, page: 1, pageSize: 20 }),
      ),
    );
    const { user } = await openAuditLog();
    await auditTable();

    await user.click(screen.getByRole('button', { name: 'Download CSV' }));

    expect(
      await screen.findByText(/^The audit log was not downloaded: Perimeter could not complete/),
    ).toBeInTheDocument();
  });
});
