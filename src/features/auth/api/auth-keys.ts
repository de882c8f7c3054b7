/** Query keys of the authentication area; the only place they are spelled. */
export const authKeys = {
  all: ['auth'] as const,
  setupStatus: () => [...authKeys.all, 'setup-status'] as const,
  invitation: (token: string) => [...authKeys.all, 'invitation', token] as const,
  ssoProviders: () => [...authKeys.all, 'sso-providers'] as const,
};
