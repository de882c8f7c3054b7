import { inArray } from 'drizzle-orm';
import type { SsoProviderType } from '../../../contract/sso-providers';
import type { Db } from '../client';
import { invitations, ssoProviders, teamMembers, teams, users } from '../schema';
import { DAY } from '../../lib/clock';
import { randomToken, sha256 } from '../../lib/crypto';
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

/** Two SSO providers, and who signs in with each. Their secrets are made up. */
const SSO_PROVIDERS: {
  name: string;
  type: SsoProviderType;
  config: Record<string, string>;
  secret: string;
  people: string[];
}[] = [
  {
    name: 'Acme Okta',
    type: 'oidc',
    config: { issuerUrl: 'https://acme.okta.example/oauth2/default', clientId: 'perimeter' },
    secret: 'demo-client-secret',
    people: ['alan@example.com', 'katherine@example.com', 'margaret@example.com'],
  },
  {
    name: 'Acme Directory',
    type: 'ldap',
    config: {
      url: 'ldaps://ldap.acme.example:636',
      bindDn: 'cn=perimeter,ou=services,dc=acme,dc=example',
      searchBase: 'ou=people,dc=acme,dc=example',
    },
    secret: 'demo-bind-password',
    people: ['linus@example.com'],
  },
];

/**
 * A deterministic demo account: two administrators, four users, one pending invitation, two
 * SSO providers and four teams, so that a newcomer sees a living console at once.
 */
export async function seedDemo(db: Db): Promise<void> {
  const now = new Date();
  const accountId = await createAccount(db, 'Acme Robotics');
  const ids = new Map<string, string>();
  for (const person of PEOPLE) {
    ids.set(
      person.email,
      await createActivePerson(db, accountId, { ...person, password: DEMO_PASSWORD }),
    );
  }
  const [invited] = await db
    .insert(users)
    .values({
      accountId,
      email: 'edsger@example.com',
      name: 'Edsger Dijkstra',
      level: 'user',
      status: 'invited',
    })
    .returning({ id: users.id });
  // Nobody knows this link: "Resend invitation" on the People screen makes one to copy.
  await db.insert(invitations).values({
    accountId,
    userId: invited!.id,
    tokenHash: sha256(randomToken()),
    invitedBy: ids.get('ada@example.com')!,
    createdAt: now,
    expiresAt: new Date(now.getTime() + 7 * DAY),
  });
  for (const { people, ...provider } of SSO_PROVIDERS) {
    const [row] = await db
      .insert(ssoProviders)
      .values({ accountId, ...provider, createdAt: now, updatedAt: now })
      .returning({ id: ssoProviders.id });
    await db.update(users).set({ ssoProviderId: row!.id }).where(inArray(users.email, people));
  }
  for (const [name, members] of Object.entries(TEAMS)) {
    const [team] = await db
      .insert(teams)
      .values({ accountId, name, createdAt: now })
      .returning({ id: teams.id });
    await db
      .insert(teamMembers)
      .values(members.map((email) => ({ accountId, teamId: team!.id, userId: ids.get(email)! })));
  }
}
