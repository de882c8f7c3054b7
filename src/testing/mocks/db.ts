import type { ApiToken, Me } from '@contract/me';
import { buildMe } from './factories';

export const MOCK_PASSWORD = 'correct horse battery staple';
export const MOCK_CSRF_TOKEN = 'csrf-test-token';

type MockDb = {
  /** Whether the first administrator still has to be created. */
  needsSetup: boolean;
  /** Who can sign in (with MOCK_PASSWORD). */
  person: Me;
  /** Whether that person currently has a session. */
  signedIn: boolean;
  tokens: ApiToken[];
  /** How many activity signals (`POST /api/auth/activity`) arrived. */
  activitySignals: number;
};

function initialDb(): MockDb {
  return { needsSetup: false, person: buildMe(), signedIn: true, tokens: [], activitySignals: 0 };
}

/**
 * The state behind the mock API, reset before each test: by default an administrator who is
 * signed in, with no tokens. Tests change it directly to set the scene.
 */
export const db: MockDb = initialDb();

export function resetDb(): void {
  Object.assign(db, initialDb());
}
