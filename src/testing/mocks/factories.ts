import { problemSchema, type Problem } from '@contract/problem';
import { invitationSchema, type Invitation } from '@contract/auth';
import {
  apiTokenSchema,
  createdApiTokenSchema,
  meSchema,
  type ApiToken,
  type CreatedApiToken,
  type Me,
} from '@contract/me';
import { accountSettingsSchema, type AccountSettings } from '@contract/settings';
import { ssoProviderSchema, type SsoProvider } from '@contract/sso-providers';
import { teamSchema, type Team } from '@contract/teams';
import { userSchema, type User } from '@contract/users';

// Every fixture goes through its contract schema: a fixture that drifts from the API fails here.

let sequence = 0;
export const nextId = () => `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`;

export function buildMe(overrides: Partial<Me> = {}): Me {
  return meSchema.parse({
    id: nextId(),
    email: 'ada@example.com',
    name: 'Ada Lovelace',
    level: 'administrator',
    teams: [
      { id: nextId(), name: 'users', builtIn: true },
      { id: nextId(), name: 'admins', builtIn: true },
    ],
    notifications: { buildFailed: true, buildSucceeded: false, approvalPending: true },
    account: { id: nextId(), name: 'Acme Corp', plan: 'enterprise', idleTimeoutMinutes: 60 },
    ...overrides,
  });
}

export function buildUser(overrides: Partial<Me> = {}): Me {
  return buildMe({
    email: 'grace@example.com',
    name: 'Grace Hopper',
    level: 'user',
    teams: [{ id: nextId(), name: 'users', builtIn: true }],
    ...overrides,
  });
}

/** A person as the People screen lists them (`GET /api/users`). */
export function buildPerson(overrides: Partial<User> = {}): User {
  return userSchema.parse({
    id: nextId(),
    email: `person${sequence}@example.com`,
    name: `Person ${sequence}`,
    level: 'user',
    status: 'active',
    ssoProvider: null,
    teams: [],
    invitation: null,
    createdAt: '2026-03-01T09:00:00.000Z',
    ...overrides,
  });
}

export function buildTeam(overrides: Partial<Team> = {}): Team {
  return teamSchema.parse({
    id: nextId(),
    name: `team-${sequence}`,
    builtIn: false,
    memberCount: 0,
    createdAt: '2026-03-01T09:00:00.000Z',
    ...overrides,
  });
}

export function buildSsoProvider(overrides: Partial<SsoProvider> = {}): SsoProvider {
  return ssoProviderSchema.parse({
    type: 'oidc',
    id: nextId(),
    name: 'Okta',
    peopleCount: 0,
    createdAt: '2026-03-01T09:00:00.000Z',
    updatedAt: '2026-03-01T09:00:00.000Z',
    issuerUrl: 'https://acme.okta.example/oauth2/default',
    clientId: 'perimeter',
    clientSecretSet: true,
    ...overrides,
  });
}

export function buildAccountSettings(overrides: Partial<AccountSettings> = {}): AccountSettings {
  return accountSettingsSchema.parse({
    name: 'Acme Corp',
    plan: 'enterprise',
    invitationDomains: [],
    mailDelivery: 'none',
    ...overrides,
  });
}

export function buildInvitation(overrides: Partial<Invitation> = {}): Invitation {
  return invitationSchema.parse({
    email: 'grace@example.com',
    name: 'grace',
    accountName: 'Acme Corp',
    expiresAt: '2026-12-01T09:00:00.000Z',
    ...overrides,
  });
}

export function buildApiToken(overrides: Partial<ApiToken> = {}): ApiToken {
  return apiTokenSchema.parse({
    id: nextId(),
    name: 'deploy-script',
    prefix: 'prm_3f9a',
    createdAt: '2026-03-01T09:00:00.000Z',
    lastUsedAt: null,
    expiresAt: null,
    ...overrides,
  });
}

export function buildCreatedApiToken(overrides: Partial<CreatedApiToken> = {}): CreatedApiToken {
  const token = `prm_${crypto.randomUUID().replaceAll('-', '')}`;
  return createdApiTokenSchema.parse({
    ...buildApiToken({ prefix: token.slice(0, 8) }),
    token,
    ...overrides,
  });
}

export function buildProblem(
  status: number,
  title: string,
  extra: Omit<Partial<Problem>, 'status' | 'title'> = {},
): Problem {
  return problemSchema.parse({ status, title, ...extra });
}
