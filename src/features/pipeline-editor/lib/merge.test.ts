import { describe, expect, it } from 'vitest';
import { hasConflictMarkers, mergeDefinitions } from './merge';

const BASE = [
  'version: 1.0',
  'steps:',
  '  clone:',
  '    type: git-clone',
  '  build:',
  '    type: build',
  '    image_name: api',
  '',
].join('\n');

describe('mergeDefinitions', () => {
  it('takes the changes each side made to different lines', () => {
    const yours = BASE.replace('  clone:', '  main_clone:');
    const theirs = BASE.replace('image_name: api', 'image_name: api-server');
    const merged = mergeDefinitions({ base: BASE, yours, theirs });
    expect(merged).toEqual({
      text: BASE.replace('  clone:', '  main_clone:').replace(
        'image_name: api',
        'image_name: api-server',
      ),
      conflicts: 0,
    });
    expect(hasConflictMarkers(merged.text)).toBe(false);
  });

  it('is no conflict when both made the same change', () => {
    const same = BASE.replace('image_name: api', 'image_name: web');
    expect(mergeDefinitions({ base: BASE, yours: same, theirs: same })).toEqual({
      text: same,
      conflicts: 0,
    });
  });

  it('keeps yours, the base and theirs between markers where both changed the same lines', () => {
    const merged = mergeDefinitions({
      base: BASE,
      yours: BASE.replace('image_name: api', 'image_name: mine'),
      theirs: BASE.replace('image_name: api', 'image_name: theirs'),
    });
    expect(merged.conflicts).toBe(1);
    expect(merged.text).toContain(
      [
        '<<<<<<< yours',
        '    image_name: mine',
        '||||||| base',
        '    image_name: api',
        '=======',
        '    image_name: theirs',
        '>>>>>>> theirs',
      ].join('\n'),
    );
    expect(hasConflictMarkers(merged.text)).toBe(true);
  });

  it('does not take a YAML line that merely starts like a marker for one', () => {
    expect(hasConflictMarkers('note: "=======" is a heading underline\n')).toBe(false);
    expect(hasConflictMarkers('a: 1\n=======\nb: 2\n')).toBe(true);
  });
});
