/**
 * Reproducible random samples (随机抽查): a seeded PRNG (mulberry32 keyed by the seed's SHA-256)
 * drives a Fisher–Yates shuffle of the sampling frame in id order. The seed is recorded on the
 * plan, so anyone can draw the same sample again from the same frame.
 */
import crypto from 'node:crypto';

/** A deterministic generator of numbers in [0, 1) from a text seed. */
export function seededRandom(seed: string): () => number {
  let a = crypto.createHash('sha256').update(seed, 'utf8').digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `size` ids drawn without replacement from `frame` (sorted first, so the frame's order does not matter). */
export function drawSample(frame: readonly number[], size: number, seed: string): number[] {
  const ids = [...new Set(frame)].sort((x, y) => x - y);
  const rand = seededRandom(seed);
  const n = Math.min(size, ids.length);
  for (let i = 0; i < n; i++) {
    const j = i + Math.floor(rand() * (ids.length - i));
    [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  }
  return ids.slice(0, n);
}

/** A fresh seed for a plan that did not bring one. */
export function newSeed(): string {
  return crypto.randomBytes(8).toString('hex');
}
