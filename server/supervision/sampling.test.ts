import { describe, expect, it } from 'vitest';
import { drawSample, seededRandom } from './sampling';

describe('seeded sampling', () => {
  it('draws the same sample for the same seed and frame, whatever the frame order', () => {
    const frame = Array.from({ length: 40 }, (_, i) => i + 1);
    const a = drawSample(frame, 6, '2026-11-wuliang');
    expect(a).toHaveLength(6);
    expect(new Set(a).size).toBe(6);
    expect(drawSample([...frame].reverse(), 6, '2026-11-wuliang')).toEqual(a);
    expect(drawSample(frame, 6, 'another seed')).not.toEqual(a);
  });

  it('takes the whole frame when the sample is larger, and the generator stays in [0, 1)', () => {
    expect(drawSample([3, 1, 2], 10, 's').sort()).toEqual([1, 2, 3]);
    const r = seededRandom('x');
    for (let i = 0; i < 1000; i++) {
      const v = r();
      expect(v >= 0 && v < 1).toBe(true);
    }
  });
});
