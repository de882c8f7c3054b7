/** Query keys of the account's security settings; the only place they are spelled. */
export const securityKeys = {
  all: ['security'] as const,
  settings: () => [...securityKeys.all, 'settings'] as const,
};
