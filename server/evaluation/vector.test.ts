/** The hand-written vector helpers cover every rollup column (they are spelled out for speed). */
import { describe, expect, it } from 'vitest';
import { addVector, zeroVector } from './rollup-queries';
import { VECTOR_KEYS, type Vector } from './rollups';

describe('rollup vectors', () => {
  it('zeroVector has every column at 0 and addVector adds every column', () => {
    expect(Object.keys(zeroVector()).sort()).toEqual([...VECTOR_KEYS].sort());
    const b = Object.fromEntries(VECTOR_KEYS.map((k, i) => [k, i + 1])) as Vector;
    const a = addVector(addVector(zeroVector(), b), b);
    for (const [i, k] of VECTOR_KEYS.entries()) expect(a[k]).toBe(2 * (i + 1));
  });
});
