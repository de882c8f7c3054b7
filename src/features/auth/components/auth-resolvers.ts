import { zodResolver } from '@hookform/resolvers/zod';
import {
  acceptInvitationRequestSchema,
  loginRequestSchema,
  requestPasswordResetSchema,
  resetPasswordRequestSchema,
  setupRequestSchema,
} from '@contract/auth';

// Loaded lazily by the forms (see lib/lazy-resolver.ts): zod stays out of the first load.
export const loginResolver = zodResolver(loginRequestSchema);
export const setupResolver = zodResolver(setupRequestSchema);
export const acceptInvitationResolver = zodResolver(acceptInvitationRequestSchema);
export const resetPasswordResolver = zodResolver(resetPasswordRequestSchema);
export const requestPasswordResetResolver = zodResolver(requestPasswordResetSchema);
