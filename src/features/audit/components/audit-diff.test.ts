import { describe, expect, it } from 'vitest';
import { diffFields, fieldLabel } from './audit-diff';

describe('diffFields', () => {
  it('puts the changed fields first, and compares lists and objects by value', () => {
    expect(
      diffFields(
        { name: 'qa', tags: ['a', 'b'], source: { type: 'git', branch: 'main' }, extra: {} },
        { name: 'qa-eu', tags: ['a', 'b'], source: { type: 'git', branch: 'release' }, extra: {} },
      ),
    ).toEqual([
      { path: 'name', before: 'qa', after: 'qa-eu', changed: true },
      { path: 'source.branch', before: 'main', after: 'release', changed: true },
      { path: 'tags', before: ['a', 'b'], after: ['a', 'b'], changed: false },
      { path: 'source.type', before: 'git', after: 'git', changed: false },
      { path: 'extra', before: {}, after: {}, changed: false },
    ]);
  });

  it('counts every field of a creation or a deletion as changed', () => {
    expect(diffFields(null, { name: 'qa' })).toEqual([
      { path: 'name', before: undefined, after: 'qa', changed: true },
    ]);
    expect(diffFields({ name: 'qa' }, null)).toEqual([
      { path: 'name', before: 'qa', after: undefined, changed: true },
    ]);
  });

  it('sees a reordered list as a change, and reordered object keys as none', () => {
    const [tags, rest] = diffFields(
      { tags: ['a', 'b'], o: { x: [{ a: 1, b: 2 }] } },
      { tags: ['b', 'a'], o: { x: [{ b: 2, a: 1 }] } },
    );
    expect(tags).toMatchObject({ path: 'tags', changed: true });
    expect(rest).toMatchObject({ path: 'o.x', changed: false });
  });
});

describe('fieldLabel', () => {
  it('writes a field path in words', () => {
    expect(fieldLabel('idleTimeoutMinutes')).toBe('Idle timeout minutes');
    expect(fieldLabel('source.gitProviderId')).toBe('Source › git provider ID');
    expect(fieldLabel('memberIds')).toBe('Member IDs');
    expect(fieldLabel('ssoProvider')).toBe('SSO provider');
    expect(fieldLabel('issuerUrl')).toBe('Issuer URL');
  });
});
