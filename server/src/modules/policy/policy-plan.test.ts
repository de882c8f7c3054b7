import { describe, expect, it } from 'vitest';
import { POLICY_IMPACT_LINES_MAX } from '../../../contract/policy';
import { analyzePolicy } from './policy-plan';
import { exportPolicy, type PolicyState } from './policy-state';

/** The plan is pure over the account's state: large cases need no database. */
function state(people: number, pipelines: number): PolicyState {
  return {
    account: {
      id: 'account',
      name: 'Account',
      idleTimeoutMinutes: 60,
      invitationDomains: [],
      pipelineSources: { inline: true, git: true, url: true },
    },
    people: Array.from({ length: people }, (_, n) => ({
      id: `p${n}`,
      name: `Person ${String(n).padStart(4, '0')}`,
      email: `p${n}@example.com`,
      level: 'user' as const,
    })),
    teams: [
      { id: 'users', name: 'users', builtIn: 'users' },
      { id: 'admins', name: 'admins', builtIn: 'admins' },
      { id: 'qa', name: 'qa', builtIn: null },
    ],
    members: new Map([['qa', new Set(Array.from({ length: people }, (_, n) => `p${n}`))]]),
    ssoProviders: [],
    mappings: [],
    rules: [],
    clusters: [],
    pipelines: Array.from({ length: pipelines }, (_, n) => ({
      id: `pl${n}`,
      project: 'payments',
      name: `pipeline-${n}`,
      tags: ['payments'],
    })),
    gitProviders: [],
  };
}

describe('the plan’s impact', () => {
  it('is bounded: at most POLICY_IMPACT_LINES_MAX lines each, with truncated', () => {
    const before = state(600, 20_000);
    const document = exportPolicy(before);
    document.rules.push({
      team: 'qa',
      kind: 'pipeline',
      privileges: ['read', 'run'],
      tags: ['payments'],
      match: 'any',
    });
    const { plan } = analyzePolicy(before, JSON.stringify(document), {
      plan: 'enterprise',
      version: '"v"',
    });
    expect(plan.problems).toEqual([]);
    expect(plan.impact.gains).toHaveLength(POLICY_IMPACT_LINES_MAX);
    expect(plan.impact.truncated).toBe(true);
    expect(plan.impact.gains[0]).toEqual({
      person: { id: 'p0', name: 'Person 0000', email: 'p0@example.com' },
      privilege: 'read',
      resourceType: 'pipeline',
      count: 20_000,
      resources: [
        { id: 'pl0', name: 'payments/pipeline-0' },
        { id: 'pl1', name: 'payments/pipeline-1' },
        { id: 'pl10', name: 'payments/pipeline-10' },
        { id: 'pl100', name: 'payments/pipeline-100' },
        { id: 'pl1000', name: 'payments/pipeline-1000' },
      ],
    });
    expect(plan.impact.losses).toEqual([]);
  });
});

describe('reading the document', () => {
  it('finds a key written twice, in one pass, where it is', () => {
    const before = state(1, 1);
    const text = 'version: 1\nversion: 1\nsettings: {}\n';
    const { plan } = analyzePolicy(before, text, { plan: 'enterprise', version: '"v"' });
    expect(plan.problems).toEqual([
      {
        code: 'invalid-document',
        message: 'version is written twice in this map.',
        path: [],
        line: 2,
        column: 1,
      },
    ]);
  });
});
