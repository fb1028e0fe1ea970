import { describe, expect, it } from 'vitest';
import { addDays, endMonth, presetPeriod, previousMonth, shanghaiDay, toIsoPeriod, validPeriod } from './period';

// Monday 2026-11-16 09:00 in Shanghai; 2026-11-30 23:30 Shanghai is still November there.
const NOW = Date.parse('2026-11-16T01:00:00Z');

describe('evaluation periods (Shanghai days)', () => {
  it('reads the Shanghai day of an instant, not the UTC one', () => {
    expect(shanghaiDay(Date.parse('2026-11-30T15:30:00Z'))).toBe('2026-11-30');
    expect(shanghaiDay(Date.parse('2026-11-30T16:30:00Z'))).toBe('2026-12-01');
  });

  it('builds the presets around now', () => {
    expect(presetPeriod('thisMonth', NOW)).toEqual({ start: '2026-11-01', end: '2026-11-16' });
    expect(presetPeriod('lastMonth', NOW)).toEqual({ start: '2026-10-01', end: '2026-10-31' });
    expect(presetPeriod('last3Months', NOW)).toEqual({ start: '2026-09-01', end: '2026-11-16' });
    expect(presetPeriod('thisYear', NOW)).toEqual({ start: '2026-01-01', end: '2026-11-16' });
    expect(presetPeriod('last12Months', NOW)).toEqual({ start: '2025-12-01', end: '2026-11-16' });
    expect(presetPeriod('lastMonth', Date.parse('2026-01-10T01:00:00Z'))).toEqual({ start: '2025-12-01', end: '2025-12-31' });
  });

  it('turns inclusive days into the API’s [from, to) in Shanghai time', () => {
    expect(toIsoPeriod({ start: '2026-01-01', end: '2026-06-30' })).toEqual({ from: '2026-01-01T00:00:00+08:00', to: '2026-07-01T00:00:00+08:00' });
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
  });

  it('rejects impossible or reversed periods', () => {
    expect(validPeriod({ start: '2026-01-01', end: '2026-01-01' })).toBe(true);
    expect(validPeriod({ start: '2026-02-01', end: '2026-01-01' })).toBe(false);
    expect(validPeriod({ start: '2026-02-30', end: '2026-03-01' })).toBe(false);
    expect(validPeriod({ start: '', end: '2026-03-01' })).toBe(false);
  });

  it('knows months', () => {
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(endMonth({ start: '2026-01-01', end: '2026-06-30' })).toBe('2026-06');
  });
});
