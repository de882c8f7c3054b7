/** Query keys of the signed-in person's own data; the only place they are spelled. */
export const meKeys = {
  all: ['me'] as const,
  profile: () => [...meKeys.all, 'profile'] as const,
  tokens: () => [...meKeys.all, 'tokens'] as const,
  /** The mutation key of changes to the profile, to tell how many are in flight. */
  profileUpdate: () => [...meKeys.profile(), 'update'] as const,
};
