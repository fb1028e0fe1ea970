/**
 * Multinomial naive Bayes over word and character-bigram features: small, fast on a CPU, trained
 * in seconds on a district's own history, and explainable (the features that pushed a label).
 * Pure: no I/O, so the product and the evaluation command run exactly the same code.
 */

export interface NbModel {
  version: number;
  labels: string[];
  /** log prior per label */
  priors: number[];
  /** feature → per-label counts (sparse: [labelIndex, count][]) */
  counts: Record<string, [number, number][]>;
  /** total feature count per label */
  totals: number[];
  vocabulary: number;
  alpha: number;
  trainedOn: number;
}

export interface Scored {
  label: string;
  score: number; // posterior probability, 0..1
}

export function trainNb(docs: { features: string[]; label: string }[], alpha = 0.5): NbModel {
  const labels = [...new Set(docs.map((d) => d.label))].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const docCount = new Array<number>(labels.length).fill(0);
  const totals = new Array<number>(labels.length).fill(0);
  const counts = new Map<string, Map<number, number>>();
  for (const d of docs) {
    const li = index.get(d.label)!;
    docCount[li]!++;
    for (const f of d.features) {
      let per = counts.get(f);
      if (!per) counts.set(f, (per = new Map()));
      per.set(li, (per.get(li) ?? 0) + 1);
      totals[li]!++;
    }
  }
  const out: NbModel['counts'] = {};
  for (const [f, per] of counts) out[f] = [...per.entries()];
  return {
    version: 1,
    labels,
    priors: docCount.map((c) => Math.log(c / docs.length)),
    counts: out,
    totals,
    vocabulary: counts.size,
    alpha,
    trainedOn: docs.length,
  };
}

/**
 * A model ready to score: per label the prior and the log-probability of a feature it never saw
 * (log α − log(total + α·V)), and per known feature only what its counts add to that
 * (log(count + α) − log α, for the labels that saw it). Built once per model object.
 */
interface Compiled {
  priors: Float64Array;
  unseen: Float64Array;
  /** feature → its slot; the slot's labels and gains are at starts[slot] … starts[slot + 1] − 1 */
  slots: Map<string, number>;
  starts: Int32Array;
  labels: Int32Array;
  gains: Float64Array;
}

const COMPILED = new WeakMap<NbModel, Compiled>();

function compiled(m: NbModel): Compiled {
  let c = COMPILED.get(m);
  if (c) return c;
  const logAlpha = Math.log(m.alpha);
  const slots = new Map<string, number>();
  let pairs = 0;
  for (const f in m.counts) pairs += m.counts[f]!.length;
  const starts = new Int32Array(Object.keys(m.counts).length + 1);
  const labels = new Int32Array(pairs);
  const gains = new Float64Array(pairs);
  let at = 0;
  for (const f in m.counts) {
    starts[slots.size] = at;
    slots.set(f, slots.size);
    for (const [li, n] of m.counts[f]!) {
      labels[at] = li;
      gains[at++] = Math.log(n + m.alpha) - logAlpha;
    }
  }
  starts[slots.size] = at;
  c = {
    priors: Float64Array.from(m.priors),
    unseen: Float64Array.from(m.totals, (t) => logAlpha - Math.log(t + m.alpha * m.vocabulary)),
    slots,
    starts,
    labels,
    gains,
  };
  COMPILED.set(m, c);
  return c;
}

/** Builds the scoring tables now (they are otherwise built by the first prediction). */
export function prepareNb(m: NbModel): void {
  compiled(m);
}

/** Posterior over labels, best first (features unknown to the model are ignored). */
export function predictNb(m: NbModel, features: string[], top = 3): Scored[] {
  const c = compiled(m);
  const n = m.labels.length;
  const logp = c.priors.slice();
  // Each occurrence of a known feature: the unseen log-probability for every label, plus its gain where it was seen.
  let known = 0;
  for (const f of features) {
    const slot = c.slots.get(f);
    if (slot === undefined) continue;
    known++;
    for (let k = c.starts[slot]!, end = c.starts[slot + 1]!; k < end; k++) logp[c.labels[k]!]! += c.gains[k]!;
  }
  let max = -Infinity;
  for (let li = 0; li < n; li++) {
    logp[li]! += known * c.unseen[li]!;
    if (logp[li]! > max) max = logp[li]!;
  }
  let sum = 0;
  for (let li = 0; li < n; li++) sum += logp[li] = Math.exp(logp[li]! - max);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => logp[b]! - logp[a]!);
  return order.slice(0, top).map((li) => ({ label: m.labels[li]!, score: logp[li]! / sum }));
}
