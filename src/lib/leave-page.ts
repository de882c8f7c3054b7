/**
 * Full-page navigations that leave the single-page app, such as to a server route that
 * redirects to an identity provider. A form would not do: the Content-Security-Policy's
 * `form-action 'self'` also covers where a form's answer redirects to (server/src/app.ts).
 * An object, so that a test can watch `assign` (jsdom does not navigate).
 *
 * @example
 * leavePage.assign(`${basePath}/api/auth/sso/${id}/start?returnTo=%2F`);
 */
export const leavePage = {
  assign(url: string): void {
    window.location.assign(url);
  },
};
