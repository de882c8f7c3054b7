import { zodResolver } from '@hookform/resolvers/zod';
import {
  acceptInvitationRequestSchema,
  loginRequestSchema,
  requestPasswordResetSchema,
  resetPasswordRequestSchema,
  setupRequestSchema,
} from '@contract/auth';
import { ldapLoginRequestSchema } from '@contract/sso';

// Loaded lazily by the forms (see lib/lazy-resolver.ts): zod stays out of the first load.
export const loginResolver = zodResolver(loginRequestSchema);
export const setupResolver = zodResolver(setupRequestSchema);
export const acceptInvitationResolver = zodResolver(acceptInvitationRequestSchema);
export const resetPasswordResolver = zodResolver(resetPasswordRequestSchema);
export const requestPasswordResetResolver = zodResolver(requestPasswordResetSchema);
export const ldapLoginResolver = zodResolver(ldapLoginRequestSchema);
