import { describe, expect, it } from 'vitest';
import { readBasePath } from './base-path';

function pageWithBase(content: string | undefined): Document {
  const doc = document.implementation.createHTMLDocument('Perimeter');
  if (content !== undefined) {
    const meta = doc.createElement('meta');
    meta.name = 'perimeter-base-path';
    meta.content = content;
    doc.head.append(meta);
  }
  return doc;
}

describe('readBasePath', () => {
  it('reads the base path the server wrote into the page', () => {
    expect(readBasePath(pageWithBase('/perimeter'))).toBe('/perimeter');
    expect(readBasePath(pageWithBase('/tools/perimeter'))).toBe('/tools/perimeter');
  });

  it('is the root on a page served at the root or without the server (dev server, tests)', () => {
    expect(readBasePath(pageWithBase(''))).toBe('');
    expect(readBasePath(pageWithBase(undefined))).toBe('');
    expect(readBasePath(document)).toBe('');
  });

  it('takes anything but a plain path for the root, never for an address elsewhere', () => {
    for (const wrong of ['https://elsewhere.example', '//elsewhere.example', 'perimeter', '/a/']) {
      expect(readBasePath(pageWithBase(wrong)), wrong).toBe('');
    }
  });
});
