import { describe, expect, it } from 'vitest';
import { safeReturnTo, signInHref } from './paths';

describe('safeReturnTo', () => {
  it.each([
    ['/profile', '/profile'],
    ['/admin/people?q=ada#top', '/admin/people?q=ada#top'],
  ])('keeps the console path %s', (value, expected) => {
    expect(safeReturnTo(value)).toBe(expected);
  });

  it.each([
    'https://evil.example/phish',
    '//evil.example/phish',
    '/\\evil.example/phish',
    'javascript:alert(1)',
    'profile',
    '/sign-in?returnTo=/profile',
    '/setup',
    '/accept-invitation',
    '',
    null,
  ])('refuses %s, which would leave the console or loop', (value) => {
    expect(safeReturnTo(value)).toBeUndefined();
  });
});

describe('signInHref', () => {
  it('carries the page to return to', () => {
    expect(signInHref('/admin/teams?q=ops')).toBe('/sign-in?returnTo=%2Fadmin%2Fteams%3Fq%3Dops');
  });

  it('leaves out the start page and anything unsafe', () => {
    expect(signInHref('/')).toBe('/sign-in');
    expect(signInHref('//evil.example')).toBe('/sign-in');
  });
});
