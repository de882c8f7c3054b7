import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../testing/test-app';
import { largeScale, seedLarge, type LargeSeed } from './large';

describe('the large account’s sizes (issue 17)', () => {
  it('are the issue’s at 20,000 pipelines and scale with them', () => {
    expect(largeScale()).toEqual({
      pipelines: 20_000,
      people: 10_000,
      teams: 500,
      rules: 2_000,
      clusters: 2_000,
      audit: 50_000,
      runs: 3_000,
    });
    expect(largeScale(100_000)).toMatchObject({ people: 50_000, teams: 2_500, audit: 250_000 });
    expect(largeScale(2_000)).toMatchObject({ people: 1_000, teams: 50, rules: 200 });
    expect(() => largeScale(10)).toThrow(/at least 100/);
  });
});

describe('the large account, seeded small', () => {
  let t: TestContext;
  let other: TestContext;
  let seeded: LargeSeed;
  let again: LargeSeed;
  beforeAll(async () => {
    [t, other] = [await createTestApp(), await createTestApp()];
    seeded = await seedLarge(t.deps.db, { pipelines: 200 });
    again = await seedLarge(other.deps.db, { pipelines: 200 });
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await other.close();
  });

  const signIn = async (context: TestContext, email: string) => {
    const agent = context.agent();
    const res = await agent.post('/api/auth/login', { email, password: 'perimeter-large' });
    expect(res.status).toBe(204);
    return agent;
  };

  it('is read by the app as any account is', async () => {
    const admin = await signIn(t, seeded.admin.email);
    const totals = async (path: string) => {
      const res = await admin.get(path);
      expect(res.status, path).toBe(200);
      return (await res.json()).total as number;
    };
    expect(await totals('/api/pipelines')).toBe(200);
    expect(await totals('/api/users')).toBe(100);
    expect(await totals('/api/teams')).toBe(42);
    expect(await totals('/api/rules')).toBe(163);
    expect(await totals('/api/clusters')).toBe(20);
    // The 500 seeded entries and this sign-in's.
    expect(await totals('/api/audit')).toBe(501);
    expect(await totals(`/api/pipelines/${seeded.runsPipelineId}/runs`)).toBe(3_000);
    expect(await totals('/api/pipelines?q=proj-01')).toBe(10);
    const holders = await admin.get(
      `/api/access/holders?resourceType=pipeline&resourceId=${seeded.samplePipelineId}`,
    );
    expect(holders.status).toBe(200);
  });

  it('gives the member 20 teams, a share of the pipelines and the runs’ pipeline', async () => {
    const member = await signIn(t, seeded.member.email);
    const me = await (await member.get('/api/me')).json();
    expect(me.level).toBe('user');
    const pipelines = await (await member.get('/api/pipelines')).json();
    expect(pipelines.total).toBeGreaterThan(0);
    expect(pipelines.total).toBeLessThan(200);
    const runs = await member.get(`/api/pipelines/${seeded.runsPipelineId}/runs?page=100`);
    expect(runs.status).toBe(200);
    expect(seeded.memberTeamIds).toHaveLength(20);
  });

  it('is the same on every run', async () => {
    expect(again.runsPipelineId).toBe(seeded.runsPipelineId);
    expect(again.memberTeamIds).toEqual(seeded.memberTeamIds);
    const [one, two] = await Promise.all([
      signIn(t, seeded.member.email).then((a) => a.get('/api/pipelines?pageSize=100')),
      signIn(other, again.member.email).then((a) => a.get('/api/pipelines?pageSize=100')),
    ]);
    const ids = async (res: Response) =>
      ((await res.json()) as { items: { id: string; tags: string[] }[] }).items;
    expect(await ids(two as unknown as Response)).toEqual(await ids(one as unknown as Response));
  });
});
