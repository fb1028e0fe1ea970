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

/** Posterior over labels, best first (features unknown to the model are ignored). */
export function predictNb(m: NbModel, features: string[], top = 3): Scored[] {
  const n = m.labels.length;
  const denom = m.totals.map((t) => Math.log(t + m.alpha * m.vocabulary));
  const logp = m.priors.slice();
  const seen = new Map<string, number>();
  for (const f of features) if (m.counts[f]) seen.set(f, (seen.get(f) ?? 0) + 1);
  for (const [f, times] of seen) {
    const per = new Float64Array(n);
    for (const [li, c] of m.counts[f]!) per[li] = c;
    for (let li = 0; li < n; li++) logp[li]! += times * (Math.log(per[li]! + m.alpha) - denom[li]!);
  }
  const max = Math.max(...logp);
  const exp = logp.map((x) => Math.exp(x - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp
    .map((e, i) => ({ label: m.labels[i]!, score: e / sum }))
    .sort((a, b) => b.score - a.score)
    .slice(0, top);
}
