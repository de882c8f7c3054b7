import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './api/api-error';
import { applyServerErrors } from './form-errors';

type Values = { team: string; tags: string[]; name: string };

function refusal(errors: { path: string; message: string }[]) {
  return new ApiError({
    type: 'about:blank',
    title: 'Invalid input',
    status: 422,
    detail: 'The rule has problems.',
    errors,
  });
}

describe('applyServerErrors', () => {
  it('puts each problem on the field it names, focusing the first, and says nothing more', () => {
    const setError = vi.fn();
    const left = applyServerErrors<Values>(
      refusal([{ path: 'name', message: 'Taken.' }]),
      setError,
      ['name'],
    );
    expect(left).toBeUndefined();
    expect(setError).toHaveBeenCalledWith(
      'name',
      { type: 'server', message: 'Taken.' },
      { shouldFocus: true },
    );
  });

  it('maps the request’s paths to the form’s fields, keeping the first message of each', () => {
    const setError = vi.fn();
    const fieldOf = (path: string) =>
      path === 'rule.teamId' ? 'team' : path.startsWith('rule.tags.') ? 'tags' : undefined;
    const left = applyServerErrors<Values>(
      refusal([
        { path: 'rule.teamId', message: 'No such team.' },
        { path: 'rule.tags.0', message: 'Too long.' },
        { path: 'rule.tags.1', message: 'Listed twice.' },
      ]),
      setError,
      fieldOf,
    );
    expect(left).toBeUndefined();
    expect(setError.mock.calls).toEqual([
      ['team', { type: 'server', message: 'No such team.' }, { shouldFocus: true }],
      ['tags', { type: 'server', message: 'Too long.' }, { shouldFocus: false }],
    ]);
  });

  it('returns the problem in words when a path names no field here, or it is no 422', () => {
    const setError = vi.fn();
    expect(
      applyServerErrors<Values>(refusal([{ path: 'ruleId', message: 'No such rule.' }]), setError, [
        'name',
      ]),
    ).toBe('The rule has problems.');
    expect(setError).not.toHaveBeenCalled();
    expect(
      applyServerErrors<Values>(
        new ApiError({ type: 'about:blank', title: 'Conflict', status: 409, detail: 'In use.' }),
        setError,
        ['name'],
      ),
    ).toBe('In use.');
  });
});
