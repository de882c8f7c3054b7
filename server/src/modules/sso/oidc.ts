// OIDC sign-in (openid-client): built by the OIDC helper.
import { SsoFailure } from './sign-in.service';
import type { BrowserProtocol } from './browser-flow';

export const oidcProtocol: BrowserProtocol = {
  start() {
    return Promise.reject(new SsoFailure('unavailable', 'OIDC sign-in is not built yet'));
  },
  finish() {
    return Promise.reject(new SsoFailure('unavailable', 'OIDC sign-in is not built yet'));
  },
};
