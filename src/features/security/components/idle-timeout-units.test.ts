import { describe, expect, it } from 'vitest';
import { describeMinutes, splitMinutes, toMinutes } from './idle-timeout-units';

describe('idle timeout units', () => {
  it('shows minutes in the largest unit that holds them whole', () => {
    expect(splitMinutes(15)).toEqual({ amount: 15, unit: 'minutes' });
    expect(splitMinutes(90)).toEqual({ amount: 90, unit: 'minutes' });
    expect(splitMinutes(120)).toEqual({ amount: 2, unit: 'hours' });
    expect(splitMinutes(1440)).toEqual({ amount: 1, unit: 'days' });
    expect(splitMinutes(36 * 60)).toEqual({ amount: 36, unit: 'hours' });
  });

  it('converts back into minutes', () => {
    expect(toMinutes(15, 'minutes')).toBe(15);
    expect(toMinutes(8, 'hours')).toBe(480);
    expect(toMinutes(30, 'days')).toBe(43_200);
  });

  it('says a duration as people do', () => {
    expect(describeMinutes(1)).toBe('1 minute');
    expect(describeMinutes(60)).toBe('1 hour');
    expect(describeMinutes(43_200)).toBe('30 days');
    expect(describeMinutes(1501)).toBe('1,501 minutes');
  });
});
