import type { z } from 'zod';
import type { TeamRef } from '@contract/me';
import {
  createSsoProviderRequestSchema,
  SSO_DEFAULTS,
  ssoProviderSchema,
  ssoTestRequestSchema,
  updateSsoProviderRequestSchema,
  type SsoProvider,
} from '@contract/sso-providers';
import {
  createTeamRequestSchema,
  teamCreationRefusal,
  updateTeamRequestSchema,
  type Team,
} from '@contract/teams';
import {
  inviteUserRequestSchema,
  updateUserRequestSchema,
  USER_CSV_COLUMNS,
  type User,
} from '@contract/users';
import { db, MOCK_DIRECTORY_USER } from '../db';
import { buildPerson, buildTeam, nextId } from '../factories';
import { csvHeaders, csvText, http, refuse, wantsCsv } from '../http';
import { conflict, invalid, invalidField, notFound, problemResponse } from '../problems';

// A small, faithful model of the people API: enough rules (validation, the last-administrator
// guard, built-in teams, the plan) that the screens meet the answers the real server gives.

/** A 422 like the server's: one error per zod issue, the path dotted. */
function teamsOf(person: User): TeamRef[] {
  return db.teams
    .filter((team) =>
      team.builtIn
        ? team.name === 'users' || person.level === 'administrator'
        : (db.members[team.id] ?? []).includes(person.id),
    )
    .map((team) => ({ id: team.id, name: team.name, builtIn: team.builtIn }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const answerUser = (person: User): User => ({ ...person, teams: teamsOf(person) });

function membersOf(team: Team): User[] {
  if (team.name === 'users' && team.builtIn) return db.people;
  if (team.builtIn) return db.people.filter((person) => person.level === 'administrator');
  return db.people.filter((person) => (db.members[team.id] ?? []).includes(person.id));
}

/** The providers whose group mappings name the team, by name, as the server works them out. */
function managersOf(team: Team): Team['managedBy'] {
  return db.ssoProviders
    .filter((provider) => provider.groupMappings.some((mapping) => mapping.teamId === team.id))
    .map(({ id, name }) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const answerTeam = (team: Team): Team => ({
  ...team,
  memberCount: membersOf(team).length,
  managedBy: managersOf(team),
});

function answerProvider(provider: SsoProvider): SsoProvider {
  const peopleCount = db.people.filter((person) => person.ssoProvider?.id === provider.id).length;
  return { ...provider, peopleCount };
}

/** Sorts by `field` or `-field`, then pages, the way every list endpoint does. */
function page<T>(
  items: T[],
  url: URL,
  defaultSort: string,
  key: (item: T, field: string) => string | number,
) {
  const sort = url.searchParams.get('sort') ?? defaultSort;
  const descending = sort.startsWith('-');
  const field = descending ? sort.slice(1) : sort;
  const sorted = [...items].sort((a, b) => {
    const [x, y] = [key(a, field), key(b, field)];
    const order = x < y ? -1 : x > y ? 1 : 0;
    return descending ? -order : order;
  });
  const pageNumber = Number(url.searchParams.get('page') ?? 1);
  const pageSize = Number(url.searchParams.get('pageSize') ?? 20);
  return {
    items: sorted.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
    total: items.length,
    page: pageNumber,
    pageSize,
  };
}

const matches = (q: string | null, ...values: string[]) =>
  !q || values.some((value) => value.toLowerCase().includes(q.toLowerCase()));

function invitationUrl(person: User) {
  const token = `token-${nextId().slice(-6)}`;
  db.invitations[token] = {
    userId: person.id,
    email: person.email,
    name: person.name,
    accountName: db.accountSettings.name,
    expiresAt: '2026-12-01T09:00:00.000Z',
    state: 'valid',
  };
  return `http://localhost/accept-invitation#${token}`;
}

const mailOutcome = () => (db.accountSettings.mailDelivery === 'smtp' ? 'sent' : 'not-configured');

const activeAdministrators = () =>
  db.people.filter((person) => person.level === 'administrator' && person.status === 'active');

function lastAdministrator(person: User) {
  return (
    person.level === 'administrator' &&
    person.status === 'active' &&
    activeAdministrators().length === 1
  );
}

export const peopleHandlers = [
  http.get('/api/users', ({ request, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const url = new URL(request.url);
    const q = url.searchParams.get('q');
    const level = url.searchParams.get('level');
    const status = url.searchParams.get('status');
    const teamId = url.searchParams.get('teamId');
    const team = teamId ? db.teams.find((t) => t.id === teamId) : undefined;
    if (teamId && !team)
      return response.untyped(invalidField('teamId', 'There is no such team in this account.'));
    const members = team ? new Set(membersOf(team).map((person) => person.id)) : undefined;
    const people = db.people.filter(
      (person) =>
        matches(q, person.name, person.email) &&
        (!level || person.level === level) &&
        (!status || person.status === status) &&
        (!members || members.has(person.id)),
    );
    const csv = wantsCsv(request);
    if (csv) {
      // Every match, in the list's order: the CSV ignores paging.
      url.searchParams.set('page', '1');
      url.searchParams.set('pageSize', String(people.length || 1));
    }
    const result = page(people, url, 'name', (person, field) =>
      field === 'name' ? person.name.toLowerCase() : String(person[field as keyof User]),
    );
    if (csv) {
      const rows = result.items
        .map(answerUser)
        .map((person) => [
          person.name,
          person.email,
          person.level,
          person.teams.map((team) => team.name).join(' '),
          person.ssoProvider ? 'sso' : 'password',
          person.ssoProvider?.name ?? '',
          person.invitation?.expired ? 'invitation-expired' : person.status,
          '',
          person.createdAt,
        ]);
      return response(200).text(csvText(USER_CSV_COLUMNS, rows), {
        headers: csvHeaders('perimeter-people-2026-03-02.csv'),
      });
    }
    return response(200).json({ ...result, items: result.items.map(answerUser) });
  }),

  http.post('/api/users', async ({ request, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const parsed = inviteUserRequestSchema.safeParse(await request.json());
    if (!parsed.success) return response.untyped(invalid(parsed.error));
    const { email, level = 'user', name } = parsed.data;
    const domain = email.split('@')[1]!;
    const domains = db.accountSettings.invitationDomains;
    if (domains.length > 0 && !domains.includes(domain)) {
      return response.untyped(
        invalidField(
          'email',
          `This account only invites addresses at ${domains.join(' and ')}; ${domain} is not one of them.`,
        ),
      );
    }
    const existing = db.people.find((person) => person.email === email);
    if (existing) {
      return response.untyped(
        existing.status === 'invited'
          ? conflict(
              `${email} is already invited. Resend the invitation if the link was lost.`,
              'already-invited',
            )
          : conflict(`${email} is already a member of this account.`, 'already-member'),
      );
    }
    const person = buildPerson({
      email,
      level,
      name: name ?? email.split('@')[0]!,
      status: 'invited',
      invitation: { expiresAt: '2026-12-01T09:00:00.000Z', expired: false },
    });
    db.people = [...db.people, person];
    return response(201).json({
      ...answerUser(person),
      invitationUrl: invitationUrl(person),
      mail: mailOutcome(),
    });
  }),

  http.get('/api/users/{id}', ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const person = db.people.find((p) => p.id === params.id);
    return person ? response(200).json(answerUser(person)) : response.untyped(notFound('person'));
  }),

  http.patch('/api/users/{id}', async ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const parsed = updateUserRequestSchema.safeParse(await request.json());
    if (!parsed.success) return response.untyped(invalid(parsed.error));
    const person = db.people.find((p) => p.id === params.id);
    if (!person) return response.untyped(notFound('person'));
    const { level, ssoProviderId, name } = parsed.data;
    if (level === 'user' && lastAdministrator(person)) {
      return response.untyped(
        conflict(
          `${person.name} is the account's last active administrator and cannot be demoted. Make someone else an administrator first.`,
          'last-administrator',
        ),
      );
    }
    const provider = ssoProviderId ? db.ssoProviders.find((p) => p.id === ssoProviderId) : null;
    if (ssoProviderId && !provider) {
      return response.untyped(
        invalidField('ssoProviderId', 'There is no such SSO provider in this account.'),
      );
    }
    const changed: User = {
      ...person,
      level: level ?? person.level,
      name: name ?? person.name,
      ssoProvider:
        ssoProviderId === undefined
          ? person.ssoProvider
          : provider
            ? { id: provider.id, name: provider.name }
            : null,
    };
    db.people = db.people.map((p) => (p.id === person.id ? changed : p));
    return response(200).json(answerUser(changed));
  }),

  http.delete('/api/users/{id}', ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const person = db.people.find((p) => p.id === params.id);
    if (!person) return response.untyped(notFound('person'));
    if (lastAdministrator(person)) {
      return response.untyped(
        conflict(
          `${person.name} is the account's last active administrator and cannot be removed. Make someone else an administrator first.`,
          'last-administrator',
        ),
      );
    }
    db.people = db.people.filter((p) => p.id !== person.id);
    return response(204).empty();
  }),

  http.post('/api/users/{id}/invitation', ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const person = db.people.find((p) => p.id === params.id);
    if (!person) return response.untyped(notFound('person'));
    if (person.status !== 'invited') {
      return response.untyped(
        conflict(
          `${person.name} has already accepted the invitation; there is nothing to resend.`,
          'already-accepted',
        ),
      );
    }
    for (const invitation of Object.values(db.invitations)) {
      if (invitation.userId === person.id && invitation.state === 'valid')
        invitation.state = 'used';
    }
    return response(200).json({
      ...answerUser(person),
      invitationUrl: invitationUrl(person),
      mail: mailOutcome(),
    });
  }),

  http.post('/api/users/{id}/password-reset', ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const person = db.people.find((p) => p.id === params.id);
    if (!person) return response.untyped(notFound('person'));
    if (person.status !== 'active') {
      return response.untyped(
        conflict(
          `${person.name} has not accepted their invitation yet, so they have no password to reset. Send them a new invitation link instead.`,
          'not-active',
        ),
      );
    }
    // A new link replaces the person's earlier one.
    for (const [token, link] of Object.entries(db.passwordResets)) {
      if (link.userId === person.id) delete db.passwordResets[token];
    }
    const token = `reset-${nextId().slice(-6)}`;
    db.passwordResets[token] = { userId: person.id, state: 'valid' };
    return response(200).json({
      resetUrl: `http://localhost/reset-password#${token}`,
      expiresAt: '2026-12-01T09:00:00.000Z',
      mail: mailOutcome(),
    });
  }),

  http.delete('/api/users/{id}/invitation', ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const person = db.people.find((p) => p.id === params.id);
    if (!person) return response.untyped(notFound('person'));
    if (person.status !== 'invited') {
      return response.untyped(
        conflict(
          `${person.name} has already accepted the invitation; remove them instead.`,
          'already-accepted',
        ),
      );
    }
    db.people = db.people.filter((p) => p.id !== person.id);
    return response(204).empty();
  }),

  http.get('/api/teams', ({ request, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const url = new URL(request.url);
    const q = url.searchParams.get('q');
    const teams = db.teams.filter((team) => matches(q, team.name)).map(answerTeam);
    const result = page(teams, url, 'name', (team, field) =>
      field === 'memberCount' ? team.memberCount : team.name,
    );
    return response(200).json(result);
  }),

  http.post('/api/teams', async ({ request, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const refusal = teamCreationRefusal(db.person.account.plan);
    if (refusal)
      return response.untyped(
        problemResponse(403, 'Forbidden', { detail: refusal, code: 'plan-required' }),
      );
    const parsed = createTeamRequestSchema.safeParse(await request.json());
    if (!parsed.success) return response.untyped(invalid(parsed.error));
    const { name, memberIds = [] } = parsed.data;
    if (db.teams.some((team) => team.name === name)) {
      return response.untyped(invalidField('name', `A team named ${name} already exists.`));
    }
    const team = buildTeam({ name });
    db.teams = [...db.teams, team];
    db.members[team.id] = [...new Set(memberIds)];
    return response(201).json(answerTeam(team));
  }),

  http.get('/api/teams/{id}', ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const team = db.teams.find((t) => t.id === params.id);
    return team ? response(200).json(answerTeam(team)) : response.untyped(notFound('team'));
  }),

  http.patch('/api/teams/{id}', async ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const parsed = updateTeamRequestSchema.safeParse(await request.json());
    if (!parsed.success) return response.untyped(invalid(parsed.error));
    const team = db.teams.find((t) => t.id === params.id);
    if (!team) return response.untyped(notFound('team'));
    const { name, memberIds, addMemberIds, removeMemberIds } = parsed.data;
    const renamed = name !== undefined && name !== team.name;
    if (team.builtIn && (renamed || memberIds || addMemberIds || removeMemberIds)) {
      return response.untyped(
        conflict(
          `The built-in team ${team.name} cannot be changed: its members follow from the people of the account.`,
          'built-in-team',
        ),
      );
    }
    const managers = managersOf(team);
    if (managers.length > 0 && (memberIds || addMemberIds || removeMemberIds)) {
      return response.untyped(
        conflict(
          `The members of ${team.name} follow groups in ${managers.map((m) => m.name).join(', ')}: change them there or in the group mappings.`,
          'team-managed',
        ),
      );
    }
    if (renamed && db.teams.some((t) => t.name === name)) {
      return response.untyped(invalidField('name', `A team named ${name} already exists.`));
    }
    const current = db.members[team.id] ?? [];
    const members =
      memberIds ??
      [...new Set([...current, ...(addMemberIds ?? [])])].filter(
        (id) => !(removeMemberIds ?? []).includes(id),
      );
    db.members[team.id] = members;
    const changed = { ...team, name: name ?? team.name };
    db.teams = db.teams.map((t) => (t.id === team.id ? changed : t));
    return response(200).json(answerTeam(changed));
  }),

  http.delete('/api/teams/{id}', ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const team = db.teams.find((t) => t.id === params.id);
    if (!team) return response.untyped(notFound('team'));
    if (team.builtIn) {
      return response.untyped(
        conflict(`The built-in team ${team.name} cannot be deleted.`, 'built-in-team'),
      );
    }
    db.teams = db.teams.filter((t) => t.id !== team.id);
    delete db.members[team.id];
    // As on the server, where the rules' foreign key cascades: the team's rules go with it.
    db.rules = db.rules.filter((rule) => rule.team.id !== team.id);
    return response(204).empty();
  }),

  http.get('/api/sso-providers', ({ request, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const items = [...db.ssoProviders]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(answerProvider);
    return response(200).json({ items, total: items.length });
  }),

  http.post('/api/sso-providers', async ({ request, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const parsed = createSsoProviderRequestSchema.safeParse(await request.json());
    if (!parsed.success) return response.untyped(invalid(parsed.error));
    const input = parsed.data;
    if (db.ssoProviders.some((p) => p.name.toLowerCase() === input.name.toLowerCase())) {
      return response.untyped(
        invalidField('name', `An SSO provider named ${input.name} already exists.`),
      );
    }
    const provider = storeProvider(nextId(), input);
    db.ssoProviders = [...db.ssoProviders, provider];
    return response(201).json(answerProvider(provider));
  }),

  http.put('/api/sso-providers/{id}', async ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const parsed = updateSsoProviderRequestSchema.safeParse(await request.json());
    if (!parsed.success) return response.untyped(invalid(parsed.error));
    const current = db.ssoProviders.find((p) => p.id === params.id);
    if (!current) return response.untyped(notFound('SSO provider'));
    const input = parsed.data;
    const clash = db.ssoProviders.find(
      (p) => p.id !== current.id && p.name.toLowerCase() === input.name.toLowerCase(),
    );
    if (clash) {
      return response.untyped(
        invalidField('name', `An SSO provider named ${input.name} already exists.`),
      );
    }
    const secretField = { oidc: 'clientSecret', saml: undefined, ldap: 'bindPassword' }[input.type];
    if (current.type !== input.type) {
      if (
        secretField &&
        !(secretField in input && (input as Record<string, unknown>)[secretField])
      ) {
        return response.untyped(
          invalidField(secretField, `Enter the secret: the provider's type changed.`),
        );
      }
      // The old type's secret means nothing to the new type.
      delete db.ssoSecrets[current.id];
    }
    const provider = storeProvider(current.id, input);
    db.ssoProviders = db.ssoProviders.map((p) => (p.id === current.id ? provider : p));
    return response(200).json(answerProvider(provider));
  }),

  http.post('/api/sso-providers/{id}/test', async ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const provider = db.ssoProviders.find((p) => p.id === params.id);
    if (!provider) return response.untyped(notFound('SSO provider'));
    const parsed = ssoTestRequestSchema.safeParse(await request.json());
    if (!parsed.success) return response.untyped(invalid(parsed.error));
    if (provider.type === 'saml') {
      return response.untyped(
        conflict(
          'A SAML provider has nothing to call before a sign-in: sign in through it to test it.',
          'sso-refused',
        ),
      );
    }
    if (provider.type === 'oidc') {
      return response(200).json({
        ok: true,
        detail: `${provider.name} answered: its discovery document at ${provider.issuerUrl} was read.`,
      });
    }
    const username = parsed.data.username;
    if (!username) {
      return response(200).json({
        ok: true,
        detail: `Perimeter bound to ${provider.url} as ${provider.bindDn}.`,
      });
    }
    if (username !== MOCK_DIRECTORY_USER.username) {
      return response(200).json({
        ok: false,
        detail: `Perimeter bound as ${provider.bindDn}, but found no one named ${username} under ${provider.searchBase}.`,
      });
    }
    return response(200).json({
      ok: true,
      detail: `Perimeter bound as ${provider.bindDn} and found ${username}.`,
      person: {
        dn: MOCK_DIRECTORY_USER.dn,
        email: db.person.email,
        name: db.person.name,
        groups: MOCK_DIRECTORY_USER.groups,
      },
    });
  }),

  http.post('/api/sso-providers/{id}/sync', ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    const provider = db.ssoProviders.find((p) => p.id === params.id);
    if (!provider) return response.untyped(notFound('SSO provider'));
    if (provider.type !== 'ldap') {
      return response.untyped(
        conflict('Only an LDAP provider can be synced on demand.', 'sso-refused'),
      );
    }
    const assigned = db.people.filter((person) => person.ssoProvider?.id === provider.id);
    return response(200).json({ checked: assigned.length, added: 0, removed: 0, notFound: [] });
  }),

  http.delete('/api/sso-providers/{id}', ({ request, params, response }) => {
    const refused = refuse(request);
    if (refused) return response.untyped(refused);
    if (!db.ssoProviders.some((p) => p.id === params.id))
      return response.untyped(notFound('SSO provider'));
    db.ssoProviders = db.ssoProviders.filter((p) => p.id !== params.id);
    db.people = db.people.map((person) =>
      person.ssoProvider?.id === params.id ? { ...person, ssoProvider: null } : person,
    );
    return response(204).empty();
  }),
];

/** Keeps a provider's secret aside (never answered) and builds what the API shows. */
function storeProvider(
  id: string,
  input:
    | z.output<typeof createSsoProviderRequestSchema>
    | z.output<typeof updateSsoProviderRequestSchema>,
): SsoProvider {
  const secret =
    'clientSecret' in input
      ? input.clientSecret
      : 'bindPassword' in input
        ? input.bindPassword
        : undefined;
  if (secret) db.ssoSecrets[id] = secret;
  const { clientSecret: _c, bindPassword: _b, ...shown } = input as Record<string, unknown>;
  // The addresses the server answers (server/src/modules/sso/browser-flow.ts), at the tests' origin.
  const own = `http://localhost:3000/api/auth/sso/${id}`;
  return ssoProviderSchema.parse({
    // The server's defaults of the optional names.
    groupsClaim: SSO_DEFAULTS.groupsClaim,
    emailAttribute: '',
    groupsAttribute: SSO_DEFAULTS.groupsAttribute,
    userFilter: SSO_DEFAULTS.userFilter,
    groupSearchBase: '',
    caCertificate: '',
    ...Object.fromEntries(Object.entries(shown).filter(([, value]) => value !== '')),
    id,
    peopleCount: 0,
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-01T09:00:00.000Z',
    groupMappings: input.groupMappings.map(({ group, teamId }) => ({
      group,
      teamId,
      teamName: db.teams.find((team) => team.id === teamId)?.name ?? teamId,
    })),
    clientSecretSet: input.type === 'oidc' ? id in db.ssoSecrets : undefined,
    bindPasswordSet: input.type === 'ldap' ? id in db.ssoSecrets : undefined,
    redirectUri: `${own}/callback`,
    metadataUrl: `${own}/metadata`,
    spEntityId: `${own}/metadata`,
    acsUrl: `${own}/callback`,
  });
}
