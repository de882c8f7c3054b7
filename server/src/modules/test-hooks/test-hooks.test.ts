import { afterEach, describe, expect, it } from 'vitest';
import { MINUTE } from '../../lib/clock';
import { createTestApp, type TestContext } from '../../testing/test-app';
import { TEST_CLOCK_OFFSET_HEADER } from './test-hooks';

const ahead = (minutes: number) => ({
  headers: { [TEST_CLOCK_OFFSET_HEADER]: String(minutes * MINUTE) },
});

describe('test hooks', () => {
  let t: TestContext;
  afterEach(() => t.close());

  it('let a request move the clock for itself alone when PERIMETER_TEST_HOOKS is set', async () => {
    t = await createTestApp({ env: { PERIMETER_TEST_HOOKS: true } });
    const browser = await t.signedIn();
    const neighbour = await t.signedIn();

    // 59 minutes on: still signed in (the account's timeout is 60).
    expect((await browser.api.GET('/api/me', ahead(59))).response.status).toBe(200);
    // Activity reported "59 minutes on" restarts the countdown from there.
    expect((await browser.api.POST('/api/auth/activity', ahead(59))).response.status).toBe(204);
    expect((await browser.api.GET('/api/me', ahead(118))).response.status).toBe(200);

    const { error, response } = await browser.api.GET('/api/me', ahead(120));
    expect(response.status).toBe(401);
    expect(error?.code).toBe('session-idle');
    // The other session never saw time move.
    expect((await neighbour.api.GET('/api/me')).response.status).toBe(200);
  });

  it('ignore an offset that is not a whole, positive number of ms up to a day', async () => {
    t = await createTestApp({ env: { PERIMETER_TEST_HOOKS: true } });
    const browser = await t.signedIn();
    for (const value of ['-3600000', 'soon', '1e12', '3600000.5']) {
      const { response } = await browser.api.GET('/api/me', {
        headers: { [TEST_CLOCK_OFFSET_HEADER]: value },
      });
      expect(response.status, value).toBe(200);
    }
  });

  it('do not exist without PERIMETER_TEST_HOOKS: the header changes nothing', async () => {
    t = await createTestApp();
    const browser = await t.signedIn();
    expect((await browser.api.GET('/api/me', ahead(120))).response.status).toBe(200);
  });
});
