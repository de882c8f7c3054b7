import type { Db } from '../client';
import { teamMembers, teams, users } from '../schema';
import { createAccount, createActivePerson } from '../../modules/auth/auth.service';

/** Every demo person signs in with this password (README, "Demo"). */
export const DEMO_PASSWORD = 'perimeter-demo';

const PEOPLE = [
  { email: 'ada@example.com', name: 'Ada Lovelace', level: 'administrator' },
  { email: 'grace@example.com', name: 'Grace Hopper', level: 'administrator' },
  { email: 'alan@example.com', name: 'Alan Turing', level: 'user' },
  { email: 'katherine@example.com', name: 'Katherine Johnson', level: 'user' },
  { email: 'margaret@example.com', name: 'Margaret Hamilton', level: 'user' },
  { email: 'linus@example.com', name: 'Linus Pauling', level: 'user' },
] as const;

const TEAMS: Record<string, string[]> = {
  qa: ['katherine@example.com', 'margaret@example.com'],
  payments: ['alan@example.com', 'linus@example.com'],
  platform: ['grace@example.com', 'alan@example.com'],
  'release-managers': ['margaret@example.com'],
};

/**
 * A deterministic demo account: two administrators, four users, one pending invitation and
 * four teams, so that a newcomer sees a living console at once.
 */
export async function seedDemo(db: Db): Promise<void> {
  const accountId = await createAccount(db, 'Acme Robotics');
  const ids = new Map<string, string>();
  for (const person of PEOPLE) {
    ids.set(
      person.email,
      await createActivePerson(db, accountId, { ...person, password: DEMO_PASSWORD }),
    );
  }
  await db.insert(users).values({
    accountId,
    email: 'edsger@example.com',
    name: 'Edsger Dijkstra',
    level: 'user',
    status: 'invited',
  });
  for (const [name, members] of Object.entries(TEAMS)) {
    const [team] = await db.insert(teams).values({ accountId, name }).returning({ id: teams.id });
    await db
      .insert(teamMembers)
      .values(members.map((email) => ({ accountId, teamId: team!.id, userId: ids.get(email)! })));
  }
}
