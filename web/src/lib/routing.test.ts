import { describe, expect, it } from 'vitest';
import { INTAKE_MESSAGES, percent, unitReason } from './routing';

describe('the intake client helpers', () => {
  it('gives the unit suggestion’s reason in the reader’s language, falling back to Chinese', () => {
    const u = { reason: '上华苑由华宇物业负责', reasonEn: '上华苑 is served by 华宇物业' };
    expect(unitReason(u, 'zh')).toBe('上华苑由华宇物业负责');
    expect(unitReason(u, 'en')).toBe('上华苑 is served by 华宇物业');
    expect(unitReason({ reason: '只有中文', reasonEn: '' }, 'en')).toBe('只有中文');
  });

  it('shows a rate as a whole percentage, or a dash when nothing was decided', () => {
    expect(percent(0.756)).toBe('76%');
    expect(percent(1)).toBe('100%');
    expect(percent(null)).toBe('—');
    expect(percent(undefined)).toBe('—');
  });

  it('has every message in both languages', () => {
    for (const [key, [zh, en]] of Object.entries(INTAKE_MESSAGES)) {
      expect(zh, key).toMatch(/\S/);
      expect(en, key).toMatch(/\S/);
      // The same placeholders in both.
      expect([...zh.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort(), key).toEqual([...en.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort());
    }
  });
});
