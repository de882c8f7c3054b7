// SAML sign-in (@node-saml/node-saml): built by the SAML helper.
import { SsoFailure } from './sign-in.service';
import type { BrowserProtocol } from './browser-flow';

export const samlProtocol: BrowserProtocol = {
  start() {
    return Promise.reject(new SsoFailure('unavailable', 'SAML sign-in is not built yet'));
  },
  finish() {
    return Promise.reject(new SsoFailure('unavailable', 'SAML sign-in is not built yet'));
  },
};
