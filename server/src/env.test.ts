import { describe, expect, it } from 'vitest';
import { loadEnv } from './env';

describe('configuration', () => {
  it('runs on the embedded database on port 8080 with nothing set', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({ PORT: 8080, DATA_DIR: './.data', PERIMETER_PLAN: 'enterprise' });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('refuses a bad setting at start-up, naming it and saying why', () => {
    expect(() => loadEnv({ PORT: 'eighty', PERIMETER_PLAN: 'gold' })).toThrow(
      /PORT:.*\n.*PERIMETER_PLAN:/s,
    );
    expect(() => loadEnv({ DATABASE_URL: 'mysql://db/perimeter' })).toThrow(
      /DATABASE_URL must be a postgres:\/\/ URL/,
    );
  });

  it('reads boolean flags strictly', () => {
    expect(loadEnv({ TRUST_PROXY: 'true', COOKIE_SECURE: '0' })).toMatchObject({
      TRUST_PROXY: true,
      COOKIE_SECURE: false,
    });
    expect(() => loadEnv({ TRUST_PROXY: 'yes' })).toThrow(/TRUST_PROXY/);
  });
});
