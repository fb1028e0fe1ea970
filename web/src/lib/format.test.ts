import { describe, expect, it } from 'vitest';
import { countdown, formatLimit, formatTime, isPhone, titleFrom } from './format';

const due = '2026-11-16T10:00:00.000Z';
const at = (iso: string) => Date.parse(iso);

describe('deadline countdown', () => {
  it('reads days and hours while far away', () => {
    const c = countdown(due, at('2026-11-14T07:30:00Z'), 'zh')!;
    expect(c).toMatchObject({ overdue: false, soon: false, text: '剩 2天2小时' });
    expect(countdown(due, at('2026-11-14T07:30:00Z'), 'en')!.text).toBe('2d 2h left');
  });

  it('shows seconds in the last hour and warns under two hours', () => {
    expect(countdown(due, at('2026-11-16T09:15:30Z'), 'zh')).toMatchObject({ soon: true, text: '剩 44分30秒' });
    expect(countdown(due, at('2026-11-16T08:30:00Z'), 'zh')).toMatchObject({ soon: true, text: '剩 1小时30分' });
  });

  it('counts up once overdue', () => {
    expect(countdown(due, at('2026-11-17T13:00:00Z'), 'zh')).toMatchObject({ overdue: true, soon: false, text: '超时 1天3小时' });
    expect(countdown(due, at('2026-11-17T13:00:00Z'), 'en')!.text).toBe('1d 3h overdue');
  });

  it('has nothing to say without a deadline', () => {
    expect(countdown(null, Date.now(), 'zh')).toBeNull();
    expect(countdown('not a date', Date.now(), 'zh')).toBeNull();
  });
});

describe('formatting', () => {
  it('prints times in Shanghai whatever the browser zone', () => {
    expect(formatTime('2026-11-16T01:00:00Z')).toBe('2026-11-16 09:00');
    expect(formatTime('2026-12-31T16:30:00Z')).toBe('2027-01-01 00:30');
    expect(formatTime(null)).toBe('—');
  });

  it('spells deadline limits', () => {
    expect(formatLimit('7wd', 'zh')).toBe('7个工作日');
    expect(formatLimit('1wd', 'en')).toBe('1 working day');
    expect(formatLimit('24h', 'zh')).toBe('24小时');
    expect(formatLimit('30m', 'en')).toBe('30 min');
    expect(formatLimit('weird', 'en')).toBe('weird');
  });

  it('accepts mainland mobiles, landlines and service numbers, not letters', () => {
    expect(isPhone('13303520021')).toBe(true);
    expect(isPhone('133 0352 0021')).toBe(true);
    expect(isPhone('0352-5021234')).toBe(true);
    expect(isPhone('95598')).toBe(true);
    expect(isPhone('12ab')).toBe(false);
    expect(isPhone('1330352002')).toBe(false);
  });

  it('makes a title from the first sentence of a description', () => {
    expect(titleFrom('楼道灯坏了三天。一直没人修', '照明')).toBe('楼道灯坏了三天');
    expect(titleFrom('漏', '暖气漏水')).toBe('暖气漏水漏');
    expect(titleFrom('很'.repeat(60)).length).toBe(40);
  });
});
