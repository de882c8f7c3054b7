import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestContext } from '../../testing/test-app';
import { DEMO_PASSWORD, seedDemo } from './demo';

let t: TestContext;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.deps.db);
});
afterAll(() => t.close());

async function signIn(email: string) {
  const browser = t.agent();
  const res = await browser.post('/api/auth/login', { email, password: DEMO_PASSWORD });
  expect(res.status, email).toBe(204);
  return browser;
}

describe('the demo account (README, "The demo")', () => {
  it('has the people, levels, teams and SSO providers the README lists', async () => {
    const ada = await signIn('ada@example.com');
    const people = await (await ada.get('/api/users?pageSize=100&sort=email')).json();
    const rows = people.items.map(
      (p: { email: string; level: string; status: string; teams: { name: string }[] }) =>
        `${p.email} ${p.level} ${p.status} ${p.teams.map((team) => team.name).join(',')}`,
    );
    expect(rows).toEqual([
      'ada@example.com administrator active admins,users',
      'alan@example.com user active payments,platform,users',
      'edsger@example.com user invited users',
      'grace@example.com administrator active admins,platform,users',
      'katherine@example.com user active qa,users',
      'linus@example.com user active payments,users',
      'margaret@example.com user active qa,release-managers,users',
    ]);
    const providers = await (await ada.get('/api/sso-providers')).json();
    expect(
      providers.items.map((p: { name: string; peopleCount: number }) => [p.name, p.peopleCount]),
    ).toEqual([
      ['Acme Directory', 1],
      ['Acme Okta', 3],
    ]);
  });

  it('lets every active demo person sign in with the demo password, but not the invited one', async () => {
    for (const email of ['grace@example.com', 'alan@example.com', 'linus@example.com']) {
      await signIn(email);
    }
    const edsger = await t
      .agent()
      .post('/api/auth/login', { email: 'edsger@example.com', password: DEMO_PASSWORD });
    expect(edsger.status).toBe(401);
  });
});
