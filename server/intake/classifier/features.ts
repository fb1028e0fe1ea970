/**
 * Turns a complaint into features: jieba words (with a user dictionary of the district's place and
 * unit names, so "海力西苑" stays one word) plus character bigrams, which catch what segmentation
 * splits differently. Optional place token: a compound's history is a strong prior.
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';

let jieba: Jieba | null = null;
let loadedNames = '';

/** The segmenter, with the district's names added as words (reloaded when the names change). */
export function segmenter(names: readonly string[] = []): Jieba {
  const key = names.join('|');
  if (!jieba || key !== loadedNames) {
    jieba = Jieba.withDict(dict);
    const words = names.filter((n) => n.length >= 2 && !/\s/.test(n));
    if (words.length) jieba.loadDict(Buffer.from(words.map((w) => `${w} 2000 ns`).join('\n')));
    loadedNames = key;
  }
  return jieba;
}

const DROP = /^[\s\p{P}\p{S}\d]+$/u;

export function features(text: string, opts: { jieba: Jieba; placeToken?: string | null }): string[] {
  const clean = text.toLowerCase();
  const out: string[] = [];
  for (const w of opts.jieba.cut(clean, false)) if (!DROP.test(w)) out.push(`w:${w}`);
  const chars = [...clean.replace(/[\s\p{P}\p{S}\d]+/gu, '')];
  for (let i = 0; i + 1 < chars.length; i++) out.push(`c:${chars[i]}${chars[i + 1]}`);
  if (opts.placeToken) out.push(`p:${opts.placeToken}`);
  return out;
}
