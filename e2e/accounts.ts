import path from 'node:path';

/** The first administrator, created through the UI by auth.setup.ts on each run's empty database. */
export const ADMIN = {
  name: 'Ada Admin',
  email: 'ada.admin@example.com',
  password: 'correct horse battery staple',
} as const;

/**
 * The administrator's signed-in browser state, saved by auth.setup.ts in the run's own folder
 * (made by playwright.config.ts), so that two runs side by side never sign each other out.
 */
export function adminStatePath(runDir = process.env.PERIMETER_E2E_RUN_DIR): string {
  if (!runDir) throw new Error('PERIMETER_E2E_RUN_DIR is not set: run the suite with playwright.');
  return path.join(runDir, 'admin.json');
}
