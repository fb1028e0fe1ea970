/** Pure pieces of co-governance: class completion, month arithmetic, codes and the wrong-code limiter. */
import { describe, expect, it } from 'vitest';
import { shanghaiDayStart } from '../../common/calendar';
import {
  MAX_WRONG_CODES,
  WRONG_CODE_WINDOW_MS,
  WrongCodeLimiter,
  checkinCodeMatches,
  hashRewardCode,
  newCheckinCode,
  newRewardCode,
} from './codes';
import { completedUsers, monthRange, previousMonths } from './queries';

describe('completedUsers', () => {
  it('counts attended days against the share that completes the class', () => {
    const recs = [1, 1, 1, 2, 2, 3].map((user_id) => ({ user_id }));
    expect([...completedUsers(recs, 4, 75)]).toEqual([1]);
    expect([...completedUsers(recs, 4, 50)].sort()).toEqual([1, 2]);
    expect([...completedUsers(recs, 4, null)]).toEqual([]);
    expect([...completedUsers([], 0, 80)]).toEqual([]);
  });
});

describe('months in Shanghai', () => {
  it('a month runs from 00:00 Shanghai on the 1st to the next 1st, across the year end', () => {
    expect(monthRange('2026-12')).toEqual([shanghaiDayStart('2026-12-01'), shanghaiDayStart('2027-01-01')]);
    expect(previousMonths('2026-02', 4)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
});

describe('codes', () => {
  it('check-in codes are six digits, salted, and match only themselves', () => {
    const c = newCheckinCode();
    expect(c.code).toMatch(/^\d{6}$/);
    expect(checkinCodeMatches(c.salt, c.hash, c.code)).toBe(true);
    expect(checkinCodeMatches(c.salt, c.hash, c.code === '123456' ? '654321' : '123456')).toBe(false);
    expect(newCheckinCode().salt).not.toBe(c.salt);
  });

  it('reward codes hash the same however a merchant types them', () => {
    const r = newRewardCode();
    expect(r.code).toMatch(/^[A-Z2-9]{10}$/);
    expect(hashRewardCode(` ${r.code.slice(0, 4).toLowerCase()}-${r.code.slice(4)} `)).toBe(r.hash);
  });

  it('the limiter holds a key off after too many wrong codes, until the window passes', () => {
    const l = new WrongCodeLimiter();
    for (let i = 0; i < MAX_WRONG_CODES; i++) {
      expect(l.blocked('u:s', 1000 + i)).toBe(false);
      l.fail('u:s', 1000 + i);
    }
    expect(l.blocked('u:s', 1010)).toBe(true);
    expect(l.blocked('other', 1010)).toBe(false);
    expect(l.blocked('u:s', 1000 + WRONG_CODE_WINDOW_MS + MAX_WRONG_CODES)).toBe(false);
  });
});
