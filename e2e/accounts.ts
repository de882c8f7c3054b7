import path from 'node:path';

/** The first administrator, created through the UI by auth.setup.ts on each run's empty database. */
export const ADMIN = {
  name: 'Ada Admin',
  email: 'ada.admin@example.com',
  password: 'correct horse battery staple',
} as const;

/** The administrator's signed-in browser state, saved by auth.setup.ts (gitignored). */
export const ADMIN_STATE = path.join(import.meta.dirname, '.auth', 'admin.json');
