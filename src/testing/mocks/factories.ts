import { problemSchema, type Problem } from '@contract/problem';
import {
  apiTokenSchema,
  createdApiTokenSchema,
  meSchema,
  type ApiToken,
  type CreatedApiToken,
  type Me,
} from '@contract/me';

// Every fixture goes through its contract schema: a fixture that drifts from the API fails here.

let sequence = 0;
const nextId = () => `00000000-0000-4000-8000-${String(++sequence).padStart(12, '0')}`;

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
