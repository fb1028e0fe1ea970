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
  features: Map<string, { labels: Int32Array; gain: Float64Array }>;
}

const COMPILED = new WeakMap<NbModel, Compiled>();

function compiled(m: NbModel): Compiled {
  let c = COMPILED.get(m);
  if (c) return c;
  const logAlpha = Math.log(m.alpha);
  const features = new Map<string, { labels: Int32Array; gain: Float64Array }>();
  for (const f in m.counts) {
    const per = m.counts[f]!;
    features.set(f, { labels: Int32Array.from(per, ([li]) => li), gain: Float64Array.from(per, ([, n]) => Math.log(n + m.alpha) - logAlpha) });
  }
  c = {
    priors: Float64Array.from(m.priors),
    unseen: Float64Array.from(m.totals, (t) => logAlpha - Math.log(t + m.alpha * m.vocabulary)),
    features,
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
    const e = c.features.get(f);
    if (!e) continue;
    known++;
    for (let k = 0; k < e.labels.length; k++) logp[e.labels[k]!]! += e.gain[k]!;
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
