import { expect } from 'vitest';
import type { RuleInput } from '../../contract/access';
import { expectData } from './api-client';
import type { TestAgent } from './test-agent';
import type { TestContext } from './test-app';

export type SignedIn = TestAgent & { accountId: string; userId: string };

/** Answers the JSON of a request that must succeed with `status`, or fails with the body. */
export async function ok<T = Record<string, unknown>>(
  response: Promise<Response> | Response,
  status = 200,
): Promise<T> {
  const res = await response;
  expect(res.status, await res.clone().text()).toBe(status);
  return (await res.json()) as T;
}

/**
 * A fresh account with an administrator and helpers to set up a scene of teams, people, rules,
 * clusters and pipelines through the API, as an administrator would.
 *
 * @example
 * const scene = await accessScene(t);
 * const qa = await scene.team('qa');
 * const alan = await scene.person([qa]);
 * await scene.rule({ teamId: qa, resourceType: 'cluster', privileges: ['read'], tags: ['staging'] });
 */
export async function accessScene(t: TestContext) {
  const admin = (await t.signedIn()) as SignedIn;
  const teams = await expectData(admin.api.GET('/api/teams'));
  const usersTeam = teams.items.find((team) => team.name === 'users')!.id;
  const defaultRules = await expectData(admin.api.GET('/api/rules'));
  return {
    admin,
    usersTeam,
    defaultRules: defaultRules.items,
    async team(name: string): Promise<string> {
      return (await expectData(admin.api.POST('/api/teams', { body: { name } }), 201)).id;
    },
    /** A person with user level, in these teams. */
    async person(teamIds: string[] = []): Promise<SignedIn> {
      const person = (await t.signedIn({ level: 'user', accountId: admin.accountId })) as SignedIn;
      for (const id of teamIds) {
        await expectData(
          admin.api.PATCH('/api/teams/{id}', {
            params: { path: { id } },
            body: { addMemberIds: [person.userId] },
          }),
        );
      }
      return person;
    },
    async rule(rule: RuleInput): Promise<{ id: string; number: number }> {
      return expectData(admin.api.POST('/api/rules', { body: rule }), 201);
    },
    async cluster(name: string, tags: string[] = []): Promise<{ id: string; name: string }> {
      return expectData(admin.api.POST('/api/clusters', { body: { name, tags } }), 201);
    },
    async pipeline(
      name: string,
      tags: string[] = [],
      project = 'payments',
    ): Promise<{ id: string; name: string; version: number }> {
      return expectData(admin.api.POST('/api/pipelines', { body: { name, project, tags } }), 201);
    },
    /** Deletes the default rules (P-2.8), for scenes that start from no rule at all. */
    async withoutDefaultRules(): Promise<void> {
      for (const rule of defaultRules.items) {
        await expectData(
          admin.api.DELETE('/api/rules/{id}', { params: { path: { id: rule.id } } }),
          204,
        );
      }
    },
  };
}

export type AccessScene = Awaited<ReturnType<typeof accessScene>>;

/** The names of the items of a list answer, sorted. */
export async function namesOf(agent: TestAgent, path: string): Promise<string[]> {
  const page = await ok<{ items: { name: string }[] }>(agent.get(path));
  return page.items.map((item) => item.name).sort();
}
