/**
 * Evaluates the intake category model by stratified k-fold cross-validation with the same
 * training and feature code the product uses (server/intake/classifier).
 *
 *   npm run eval:classify -- --csv FILE [--folds 5] [--out results.json]   any CSV with columns text,label
 *   npm run eval:classify -- --demo [--folds 5]                             the demo district's year of orders
 *
 * Prints top-1 and top-3 accuracy, macro-F1, a confusion table of the most confused pairs and the
 * training/inference time, and writes JSON (bench/results/classify-<date>.json by default).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { parseCsv } from '../server/exchange/csv';
import { features, segmenter } from '../server/intake/classifier/features';
import { predictNb, trainNb } from '../server/intake/classifier/model';

interface Doc {
  text: string;
  label: string;
}

async function demoDocs(): Promise<Doc[]> {
  const { createContext } = await import('../server/bootstrap');
  const { loadConfig } = await import('../server/config');
  const { seedDistrict } = await import('../server/demo/seed');
  const { loadDemoYear } = await import('../server/demo/demo-year');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gz-eval-'));
  const ctx = await createContext({ ...loadConfig({}), dataDir, databaseUrl: null, logLevel: 'silent' });
  try {
    await seedDistrict(ctx.db);
    await loadDemoYear(ctx.db, ctx.engine, await ctx.calendar.get(), Date.now());
    const rows = await ctx.db
      .selectFrom('work_orders as w')
      .innerJoin('categories as c', 'c.id', 'w.category_id')
      .select(['w.title', 'w.description', 'c.name'])
      .execute();
    return rows.map((r) => ({ text: `${r.title} ${r.description}`, label: r.name }));
  } finally {
    await ctx.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

function readCsv(file: string): Doc[] {
  const [header, ...rows] = parseCsv(fs.readFileSync(file, 'utf8'));
  const ti = header!.indexOf('text');
  const li = header!.indexOf('label');
  if (ti < 0 || li < 0) throw new Error('the CSV needs columns text,label');
  return rows.filter((r) => r[ti] && r[li]).map((r) => ({ text: r[ti]!, label: r[li]! }));
}

/** Stratified folds: each label's documents dealt round-robin after a seeded shuffle. */
function folds(docs: Doc[], k: number): number[] {
  const fold = new Array<number>(docs.length);
  const byLabel = new Map<string, number[]>();
  docs.forEach((d, i) => byLabel.set(d.label, [...(byLabel.get(d.label) ?? []), i]));
  let seed = 42;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  for (const idx of byLabel.values()) {
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    idx.forEach((docIndex, n) => (fold[docIndex] = n % k));
  }
  return fold;
}

async function main() {
  const { values } = parseArgs({
    options: { csv: { type: 'string' }, demo: { type: 'boolean' }, folds: { type: 'string' }, out: { type: 'string' } },
  });
  const docs = values.csv ? readCsv(values.csv) : values.demo ? await demoDocs() : null;
  if (!docs) throw new Error('give --csv FILE (columns text,label) or --demo');
  const k = Number(values.folds ?? 5);
  const jieba = segmenter();
  const t0 = performance.now();
  const feats = docs.map((d) => features(d.text, { jieba }));
  const featureMs = performance.now() - t0;
  const fold = folds(docs, k);
  let top1 = 0;
  let top3 = 0;
  let trainMs = 0;
  const inferMs: number[] = [];
  const confusion = new Map<string, number>();
  const labels = [...new Set(docs.map((d) => d.label))].sort();
  const tp = new Map<string, number>();
  const fp = new Map<string, number>();
  const fn = new Map<string, number>();
  for (let f = 0; f < k; f++) {
    const train = docs.map((d, i) => ({ features: feats[i]!, label: d.label })).filter((_, i) => fold[i] !== f);
    const t = performance.now();
    const model = trainNb(train);
    trainMs += performance.now() - t;
    docs.forEach((d, i) => {
      if (fold[i] !== f) return;
      const s = performance.now();
      const pred = predictNb(model, features(d.text, { jieba }), 3);
      inferMs.push(performance.now() - s);
      const best = pred[0]?.label ?? '';
      if (best === d.label) {
        top1++;
        tp.set(d.label, (tp.get(d.label) ?? 0) + 1);
      } else {
        fp.set(best, (fp.get(best) ?? 0) + 1);
        fn.set(d.label, (fn.get(d.label) ?? 0) + 1);
        confusion.set(`${d.label} → ${best}`, (confusion.get(`${d.label} → ${best}`) ?? 0) + 1);
      }
      if (pred.some((p) => p.label === d.label)) top3++;
    });
  }
  const f1s = labels.map((l) => {
    const t = tp.get(l) ?? 0;
    const p = t + (fp.get(l) ?? 0) ? t / (t + (fp.get(l) ?? 0)) : 0;
    const r = t + (fn.get(l) ?? 0) ? t / (t + (fn.get(l) ?? 0)) : 0;
    return p + r ? (2 * p * r) / (p + r) : 0;
  });
  inferMs.sort((a, b) => a - b);
  const result = {
    data: values.csv ?? 'demo district year (synthetic, template texts)',
    documents: docs.length,
    labels: labels.length,
    folds: k,
    top1: top1 / docs.length,
    top3: top3 / docs.length,
    macroF1: f1s.reduce((a, b) => a + b, 0) / labels.length,
    trainMsPerFold: trainMs / k,
    featureMsTotal: featureMs,
    inferenceP50Ms: inferMs[Math.floor(inferMs.length * 0.5)] ?? 0,
    inferenceP95Ms: inferMs[Math.floor(inferMs.length * 0.95)] ?? 0,
    mostConfused: [...confusion]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 15)
      .map(([pair, n]) => ({ pair, n })),
    machine: { cpu: os.cpus()[0]?.model, cores: os.cpus().length, node: process.version },
  };
  console.log(`\nIntake category model — ${result.documents} documents, ${result.labels} labels, ${k}-fold stratified CV`);
  console.table({
    'top-1 accuracy': result.top1.toFixed(3),
    'top-3 accuracy': result.top3.toFixed(3),
    'macro-F1': result.macroF1.toFixed(3),
    'train ms / fold': result.trainMsPerFold.toFixed(0),
    'inference p50 ms': result.inferenceP50Ms.toFixed(3),
    'inference p95 ms': result.inferenceP95Ms.toFixed(3),
  });
  if (result.mostConfused.length) console.table(result.mostConfused);
  const out = values.out ?? path.join('bench', 'results', `classify-${new Date().toISOString().slice(0, 10)}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(result, null, 2));
  console.log(JSON.stringify({ top1: result.top1, top3: result.top3, macroF1: result.macroF1 }));
}

await main();
