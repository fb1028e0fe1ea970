/**
 * A small QR code encoder (ISO/IEC 18004) for the check-in screen: byte mode, error correction
 * level M, versions 1–6 (up to 106 bytes: a check-in link), the mask with the lowest penalty.
 * No dependency; verified module for module against segno in qr.test.ts.
 */

/** [data codewords per block, blocks, EC codewords per block] of versions 1–6 at level M. */
const BLOCKS: readonly [number, number, number][] = [
  [16, 1, 10],
  [28, 1, 16],
  [44, 1, 26],
  [32, 2, 18],
  [43, 2, 24],
  [27, 4, 16],
];
/** Centres of the alignment patterns per version (none in version 1). */
const ALIGN: readonly number[][] = [[], [6, 18], [6, 22], [6, 26], [6, 30], [6, 34]];

// GF(256) with the QR polynomial x^8 + x^4 + x^3 + x^2 + 1.
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
for (let i = 0, x = 1; i < 255; i++) {
  EXP[i] = x;
  LOG[x] = i;
  x <<= 1;
  if (x & 0x100) x ^= 0x11d;
}
for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!;
const mul = (a: number, b: number) => (a === 0 || b === 0 ? 0 : EXP[LOG[a]! + LOG[b]!]!);

/** Reed–Solomon remainder of `data` for `n` EC codewords. */
function rsRemainder(data: number[], n: number): number[] {
  // Generator (x - a^0)(x - a^1)…(x - a^(n-1)), highest coefficient (1) dropped.
  let gen = [1];
  for (let i = 0; i < n; i++) {
    const next = new Array<number>(gen.length + 1).fill(0);
    for (let j = 0; j < gen.length; j++) {
      next[j] ^= gen[j]!;
      next[j + 1] ^= mul(gen[j]!, EXP[i]!);
    }
    gen = next;
  }
  const rem = new Array<number>(n).fill(0);
  for (const d of data) {
    const f = d ^ rem.shift()!;
    rem.push(0);
    for (let j = 0; j < n; j++) rem[j] ^= mul(gen[j + 1]!, f);
  }
  return rem;
}

/** The codewords of `bytes` in `version`, with EC, interleaved. */
function codewords(bytes: Uint8Array, version: number): number[] {
  const [perBlock, blocks, ec] = BLOCKS[version - 1]!;
  const capacity = perBlock * blocks;
  const bits: number[] = [];
  const put = (v: number, n: number) => {
    for (let i = n - 1; i >= 0; i--) bits.push((v >>> i) & 1);
  };
  put(0b0100, 4);
  put(bytes.length, 8);
  for (const b of bytes) put(b, 8);
  put(0, Math.min(4, capacity * 8 - bits.length));
  while (bits.length % 8) bits.push(0);
  const data: number[] = [];
  for (let i = 0; i < bits.length; i += 8) data.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
  for (let pad = 0xec; data.length < capacity; pad ^= 0xec ^ 0x11) data.push(pad);
  const dataBlocks = Array.from({ length: blocks }, (_, i) => data.slice(i * perBlock, (i + 1) * perBlock));
  const ecBlocks = dataBlocks.map((b) => rsRemainder(b, ec));
  const out: number[] = [];
  for (let i = 0; i < perBlock; i++) for (const b of dataBlocks) out.push(b[i]!);
  for (let i = 0; i < ec; i++) for (const b of ecBlocks) out.push(b[i]!);
  return out;
}

const MASKS: ((r: number, c: number) => boolean)[] = [
  (r, c) => (r + c) % 2 === 0,
  (r) => r % 2 === 0,
  (_, c) => c % 3 === 0,
  (r, c) => (r + c) % 3 === 0,
  (r, c) => (Math.floor(r / 2) + Math.floor(c / 3)) % 2 === 0,
  (r, c) => ((r * c) % 2) + ((r * c) % 3) === 0,
  (r, c) => (((r * c) % 2) + ((r * c) % 3)) % 2 === 0,
  (r, c) => (((r + c) % 2) + ((r * c) % 3)) % 2 === 0,
];

/** The 15 format bits (level M, the mask) with their BCH code. */
function formatBits(mask: number): number {
  const data = (0b00 << 3) | mask; // level M is 00
  let rem = data;
  for (let i = 0; i < 10; i++) rem = (rem << 1) ^ ((rem >>> 9) * 0x537);
  return ((data << 10) | rem) ^ 0x5412;
}

/** Penalty of a finished matrix (the four rules of the standard). */
function penalty(m: boolean[][]): number {
  const n = m.length;
  let score = 0;
  const lines = (get: (i: number, j: number) => boolean) => {
    for (let i = 0; i < n; i++) {
      let run = 1;
      for (let j = 1; j <= n; j++) {
        if (j < n && get(i, j) === get(i, j - 1)) run++;
        else {
          if (run >= 5) score += run - 2;
          run = 1;
        }
      }
      // Finder-like 1:1:3:1:1 with four light modules on one side.
      for (let j = 0; j + 11 <= n; j++) {
        const w = Array.from({ length: 11 }, (_, k) => get(i, j + k));
        const core = w[4] && !w[5] && w[6] && w[7] && w[8] && !w[9] && w[10];
        const core2 = w[0] && !w[1] && w[2] && w[3] && w[4] && !w[5] && w[6];
        if ((core && !w[0] && !w[1] && !w[2] && !w[3]) || (core2 && !w[7] && !w[8] && !w[9] && !w[10])) score += 40;
      }
    }
  };
  lines((i, j) => m[i]![j]!);
  lines((i, j) => m[j]![i]!);
  for (let r = 0; r + 1 < n; r++)
    for (let c = 0; c + 1 < n; c++) {
      const v = m[r]![c];
      if (v === m[r]![c + 1] && v === m[r + 1]![c] && v === m[r + 1]![c + 1]) score += 3;
    }
  const dark = m.reduce((s, row) => s + row.filter(Boolean).length, 0);
  score += Math.floor(Math.abs(dark * 20 - n * n * 10) / (n * n)) * 10;
  return score;
}

/** The QR matrix of `text` (true = dark), or null when it is too long for version 6. */
export function qrMatrix(text: string, forceMask?: number): boolean[][] | null {
  const bytes = new TextEncoder().encode(text);
  const version = BLOCKS.findIndex(([d, b]) => d * b >= bytes.length + 2) + 1;
  if (version === 0) return null;
  const n = 17 + 4 * version;
  const m = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
  const fn = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
  const set = (r: number, c: number, v: boolean) => {
    m[r]![c] = v;
    fn[r]![c] = true;
  };
  // Finder patterns with their separators.
  for (const [fr, fc] of [
    [0, 0],
    [0, n - 7],
    [n - 7, 0],
  ] as const)
    for (let r = -1; r <= 7; r++)
      for (let c = -1; c <= 7; c++) {
        const rr = fr + r;
        const cc = fc + c;
        if (rr < 0 || cc < 0 || rr >= n || cc >= n) continue;
        const d = Math.max(Math.abs(r - 3), Math.abs(c - 3));
        set(rr, cc, d !== 2 && d !== 4);
      }
  // Timing patterns.
  for (let i = 8; i < n - 8; i++) {
    set(6, i, i % 2 === 0);
    set(i, 6, i % 2 === 0);
  }
  // Alignment patterns, except where they would overlap a finder.
  const centres = ALIGN[version - 1]!;
  for (const r of centres)
    for (const c of centres) {
      if ((r === 6 && c === 6) || (r === 6 && c === centres[centres.length - 1]) || (c === 6 && r === centres[centres.length - 1])) continue;
      for (let dr = -2; dr <= 2; dr++) for (let dc = -2; dc <= 2; dc++) set(r + dr, c + dc, Math.max(Math.abs(dr), Math.abs(dc)) !== 1);
    }
  // Format areas (filled in below) and the dark module.
  for (let i = 0; i < 9; i++) {
    fn[8]![i] = true;
    fn[i]![8] = true;
  }
  for (let i = 0; i < 8; i++) {
    fn[8]![n - 1 - i] = true;
    fn[n - 1 - i]![8] = true;
  }
  set(n - 8, 8, true);
  // Data in the zigzag, two columns at a time from the right, skipping the vertical timing column.
  const data = codewords(bytes, version);
  let bit = 0;
  for (let right = n - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    for (let k = 0; k < n; k++) {
      const upward = ((right + 1) & 2) === 0;
      const r = upward ? n - 1 - k : k;
      for (const c of [right, right - 1]) {
        if (fn[r]![c]) continue;
        const byte = data[bit >>> 3];
        m[r]![c] = byte !== undefined && ((byte >>> (7 - (bit & 7))) & 1) === 1;
        bit++;
      }
    }
  }
  const withMask = (mask: number) => {
    const out = m.map((row, r) => row.map((v, c) => (fn[r]![c] ? v : v !== MASKS[mask]!(r, c))));
    const f = formatBits(mask);
    const bitAt = (i: number) => ((f >>> i) & 1) === 1;
    for (let i = 0; i <= 5; i++) out[i]![8] = bitAt(i);
    out[7]![8] = bitAt(6);
    out[8]![8] = bitAt(7);
    out[8]![7] = bitAt(8);
    for (let i = 9; i < 15; i++) out[8]![14 - i] = bitAt(i);
    for (let i = 0; i < 8; i++) out[8]![n - 1 - i] = bitAt(i);
    for (let i = 8; i < 15; i++) out[n - 15 + i]![8] = bitAt(i);
    return out;
  };
  if (forceMask !== undefined) return withMask(forceMask);
  let best: boolean[][] | null = null;
  let bestScore = Infinity;
  for (let mask = 0; mask < 8; mask++) {
    const candidate = withMask(mask);
    const s = penalty(candidate);
    if (s < bestScore) {
      best = candidate;
      bestScore = s;
    }
  }
  return best;
}
