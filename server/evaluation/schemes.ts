/**
 * Score schemes (考评方案) are configuration: the settings row 'evaluation.schemes' holds them,
 * DEFAULT_SCHEMES apply until an administrator stores others.
 */
import { DEFAULT_SCHEMES, type SchemeSettings, type ScoreScheme } from '../../common/evaluation';
import type { SessionActor } from '../auth/actor';
import type { AppContext } from '../context';
import type { Db, Tx } from '../db';
import { AppError } from '../errors';
import { auditSchemes, readSchemesJson, writeSchemesJson } from './queries';

/** The schemes in force. */
export async function readSchemes(db: Db | Tx): Promise<SchemeSettings> {
  const json = await readSchemesJson(db);
  return json === null ? DEFAULT_SCHEMES : (JSON.parse(json) as SchemeSettings);
}

/** The scheme named `id`, or the default one; 422 for an unknown id. */
export function pickScheme(settings: SchemeSettings, id: string | undefined): ScoreScheme {
  const want = id ?? settings.defaultScheme;
  const scheme = settings.schemes.find((s) => s.id === want);
  if (!scheme) throw new AppError('unknown_reference', 'scheme', { zh: `没有考评方案 ${want}`, en: `no scheme ${want}` });
  return scheme;
}

/** Rules the schema cannot say: unique ids, an existing default, a weighted scheme with some weight. */
function checkSchemes(s: SchemeSettings): void {
  const ids = new Set<string>();
  s.schemes.forEach((scheme, i) => {
    if (ids.has(scheme.id)) throw new AppError('validation', `schemes.${i}.id`, { zh: `方案编号 ${scheme.id} 重复`, en: `duplicate scheme id ${scheme.id}` });
    ids.add(scheme.id);
    if (scheme.kind === 'weighted' && !Object.values(scheme.weights).some((w) => (w ?? 0) > 0)) {
      throw new AppError('validation', `schemes.${i}.weights`, { zh: '加权方案至少要有一项权重大于 0', en: 'a weighted scheme needs a weight above 0' });
    }
  });
  if (!ids.has(s.defaultScheme)) {
    throw new AppError('validation', 'defaultScheme', { zh: '默认方案须是列出的方案之一', en: 'defaultScheme must name one of the schemes' });
  }
}

/** Replaces the schemes (admin), with an audit row in the same transaction. */
export async function putSchemes(ctx: AppContext, tx: Tx, actor: SessionActor, next: SchemeSettings): Promise<SchemeSettings> {
  checkSchemes(next);
  const before = await readSchemesJson(tx);
  await writeSchemesJson(tx, JSON.stringify(next));
  await auditSchemes(tx, actor, before === null ? null : JSON.parse(before), next, ctx.clock.now());
  return next;
}
