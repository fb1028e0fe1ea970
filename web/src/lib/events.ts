/** What an order event says in words: the human part of its payload. */
import type { OrderDetailDto } from '../../../common/api';
import { formatTime } from './format';
import type { Lang, T } from './i18n';
import { CONTACT_METHOD_NAMES, nameOf, RESOLUTION_NAMES, RETURN_REASON_NAMES, SATISFACTION_NAMES } from './labels';

type EventDto = OrderDetailDto['events'][number];

/** The human part of an event's payload: notes, reasons, units, ratings, new dates. */
export function eventDetails(e: EventDto, lang: Lang, t: T): string[] {
  const p = (e.payload ?? {}) as Record<string, unknown>;
  const out: string[] = [];
  const str = (k: string) => (typeof p[k] === 'string' && (p[k] as string).trim() ? (p[k] as string) : null);
  if (str('leadUnitName')) out.push(`${t('dispatch.lead')}: ${str('leadUnitName')}`);
  if (Array.isArray(p.coUnits) && p.coUnits.length) out.push(`${t('dispatch.co')}: ${(p.coUnits as { name?: string }[]).map((u) => u.name).join('、')}`);
  if (str('resolutionDueAt') && e.action !== 'overdue') out.push(`${t('order.resolutionDue')}: ${formatTime(str('resolutionDueAt'))}`);
  if (e.action === 'request_return' && str('reason')) out.push(`${t('action.returnReason')}: ${nameOf(RETURN_REASON_NAMES, str('reason'), lang)}`);
  else if (str('reason')) out.push(`${t('action.reason')}: ${str('reason')}`);
  if (str('method')) out.push(nameOf(CONTACT_METHOD_NAMES, str('method'), lang));
  if (str('until')) out.push(`${t('action.extendUntil')}: ${formatTime(str('until'))}`);
  if (str('newDueAt')) out.push(`${t('action.newDue')}: ${formatTime(str('newDueAt'))}`);
  if (str('text')) out.push(str('text')!);
  if (str('reply')) out.push(`${t('action.replyText')}: ${str('reply')}`);
  if (str('resolution')) out.push(`${nameOf(RESOLUTION_NAMES, str('resolution'), lang)} · ${nameOf(SATISFACTION_NAMES, str('satisfaction'), lang)}`);
  if (str('comment')) out.push(str('comment')!);
  if (str('targetNumber')) out.push(`→ ${str('targetNumber')}`);
  if (str('sourceNumber')) out.push(`← ${str('sourceNumber')}`);
  if (str('outcome')) out.push(str('outcome') === 'confirmed' ? t('action.reverifyConfirmed') : t('action.reverifyNotResolved'));
  if (typeof p.count === 'number') out.push(t('order.urgedTimes', { n: p.count }));
  if (typeof p.level === 'number') out.push(t('order.supervised', { n: p.level }));
  if (str('note')) out.push(str('note')!);
  return out;
}
