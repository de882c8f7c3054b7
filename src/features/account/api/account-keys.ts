/** Query keys of the account's own settings; the only place they are spelled. */
export const accountKeys = {
  all: ['account'] as const,
  settings: () => [...accountKeys.all, 'settings'] as const,
};
