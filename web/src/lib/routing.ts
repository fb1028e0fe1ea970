/**
 * The console's side of smart intake: the server's unit suggestion with its reason (place
 * coverage and what dispatchers chose before — computed on the server, POST /api/intake/route),
 * possible duplicates (orders and problems), queue suggestions, the acceptance rate, and this
 * feature's [中文, English] messages.
 */
import { api, qs } from './api';
import type { Lang } from './i18n';
import type { MessageTable } from './local-messages';

export interface UnitAdvice {
  unitId: number;
  name: string;
  kind: string;
  reason: string;
  reasonEn: string;
  learned: boolean;
  chosen: number;
  of: number;
}

export interface CategoryScore {
  id: number;
  code: string;
  name: string;
  score: number;
}

export interface SimilarOrder {
  id: number;
  number: string;
  title: string;
  status: string;
  placeName: string | null;
  version: number;
  receivedAt: string;
  score: number;
}

export interface SimilarProblem {
  id: number;
  title: string;
  placeName: string | null;
  orderCount: number;
  updatedAt: string;
  score: number;
}

export interface QueueSuggestion {
  orderId: number;
  routeId: number;
  suggestionId: number | null;
  confident: boolean;
  categories: CategoryScore[];
  categoryAgrees: boolean;
  unit: UnitAdvice | null;
}

export interface Acceptance {
  shown: number;
  decided: number;
  accepted: number;
  acceptanceRate: number | null;
}

export interface MonthAcceptance extends Acceptance {
  month: string;
  units: Acceptance;
  queue: Acceptance;
}

/** The reason of a unit suggestion in the reader's language. */
export const unitReason = (u: Pick<UnitAdvice, 'reason' | 'reasonEn'>, lang: Lang) => (lang === 'en' ? u.reasonEn || u.reason : u.reason);

/** A rate 0..1 as a whole percentage, or a dash when nothing was decided. */
export const percent = (rate: number | null | undefined) => (rate === null || rate === undefined ? '—' : `${Math.round(rate * 100)}%`);

export const fetchRoute = (body: { categoryId: number; placeId: number; suggestionId?: number; routeId?: number }) =>
  api.post<{ routeId: number; units: UnitAdvice[] }>('/api/intake/route', body);

export const fetchDuplicates = (placeId: number, q: string, excludeId?: number) =>
  api.get<{ orders: SimilarOrder[]; problems: SimilarProblem[] }>(`/api/intake/duplicates${qs({ placeId, q: q.slice(0, 200), excludeId })}`);

/** Records what the seat chose: the category (with a category suggestion) and the lead unit. */
export async function recordOutcome(o: { suggestionId: number | null; routeId: number | null; categoryId: number; unitId?: number; orderId: number }) {
  if (o.suggestionId) {
    await api.post(`/api/intake/suggestions/${o.suggestionId}/outcome`, {
      categoryId: o.categoryId,
      orderId: o.orderId,
      ...(o.unitId && o.routeId ? { unitId: o.unitId, routeId: o.routeId } : {}),
    });
  } else if (o.routeId && o.unitId) {
    await api.post(`/api/intake/routes/${o.routeId}/outcome`, { unitId: o.unitId, orderId: o.orderId });
  }
}

export const fetchQueueSuggestions = (orderIds: number[]) => api.post<QueueSuggestion[]>('/api/intake/queue', { orderIds });
export const fetchAcceptance = () => api.get<MonthAcceptance[]>('/api/intake/stats');

export const INTAKE_MESSAGES = {
  leadUnit: ['主办单位', 'Lead unit'],
  leadUnitHint: ['默认采用建议单位，可改选', 'The suggested unit unless you choose another'],
  learned: ['按调度习惯', 'Learned'],
  coverage: ['按辖区', 'By coverage'],
  noUnit: ['没有找到负责该地点和分类的单位，请手动选择', 'No unit covers this place and category; choose one'],
  overridden: ['已改选，保存后记录', 'Changed: recorded on saving'],
  problems: ['可能相关的问题（同小区·未销号）', 'Possibly the same problem (same compound, open)'],
  problemOrders: ['{n} 件工单', '{n} orders'],
  mergeInto: ['合并到此单', 'Merge into this'],
  saveAndMerge: ['登记并合并到此单', 'Register and merge into this'],
  attach: ['归入此问题', 'Attach to problem'],
  saveAndAttach: ['登记并归入此问题', 'Register and attach'],
  merged: ['已合并到 {number}', 'Merged into {number}'],
  attached: ['已归入问题：{title}', 'Attached to the problem: {title}'],
  afterSave: ['刚登记工单的可能重复', 'Possible duplicates of the order just registered'],
  detailDuplicates: ['可能重复的工单与问题', 'Possible duplicates and problems'],
  none: ['未发现相似的工单或问题', 'No similar orders or problems'],
  queueSuggestion: ['建议', 'Suggested'],
  queueAccept: ['采纳派单', 'Accept & dispatch'],
  queueAccepted: ['已派单给 {unit}', 'Dispatched to {unit}'],
  queueCategoryDiffers: ['模型判断为「{name}」', 'The model says “{name}”'],
  acceptanceTitle: ['智能建议采纳率（按月）', 'Suggestion acceptance per month'],
  acceptanceTab: ['建议采纳率', 'Acceptance'],
  month: ['月份', 'Month'],
  categoryRate: ['分类建议', 'Category'],
  unitRate: ['主办单位建议', 'Lead unit'],
  queueRate: ['待派单一键采纳', 'Queue one-click'],
  rateCell: ['{rate}（{accepted}/{decided}，展示 {shown}）', '{rate} ({accepted}/{decided}, shown {shown})'],
  noStats: ['暂无记录', 'Nothing logged yet'],
} satisfies MessageTable;
