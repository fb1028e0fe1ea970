/**
 * The evaluation API as the console reads it (/api/evaluation/…, /api/cogov/reports/participation):
 * response shapes mirrored from server/evaluation/schema.ts, and one function per request.
 */
import type { RateKey, Rates, SchemeSettings } from '../../../../../common/evaluation';
import { api, qs } from '../../../lib/api';

export type GroupBy = 'unit' | 'compound' | 'community' | 'street';
export const GROUP_BYS: readonly GroupBy[] = ['unit', 'compound', 'community', 'street'];

export interface RateCounts {
  volume: number;
  dispatched: number;
  rated: number;
  [k: string]: number;
}

export interface RateRow {
  id: number;
  name: string;
  peer: string;
  households: number | null;
  volume: number;
  rates: Rates;
  counts: RateCounts;
  score: number | null;
}

export interface RatesReport {
  groupBy: GroupBy;
  from: string;
  to: string;
  scheme: string;
  rows: RateRow[];
}

export interface RankingRow extends RateRow {
  rank: number | null;
  ranked: boolean;
  unrankedReason: 'min_volume' | 'no_score' | null;
  previousRank: number | null;
  previousScore: number | null;
  change: number | null;
  list: 'red' | 'black' | null;
  belowFloor: boolean;
}

export interface RankingReport {
  month: string;
  previousMonth: string;
  groupBy: GroupBy;
  scheme: string;
  minVolume: number;
  rows: RankingRow[];
  red: number[];
  black: number[];
}

export interface Share {
  count: number;
  share: number;
  percent: number;
}

export interface Portrait {
  target: { kind: 'place' | 'unit'; id: number; name: string; level: string | null; households: number | null };
  from: string;
  to: string;
  volume: number;
  trend: { month: string; count: number }[];
  byKind: ({ kind: string } & Share)[];
  byCategory: ({ id: number; name: string; kind: string } & Share)[];
  topProblems: ({ id: number; name: string; kind: string } & Share)[];
  hotBuildings: ({ id: number; name: string } & Share)[];
  repeatCallers: { phone: string; count: number; lastAt: string }[];
  deadlines: { signoff: number | null; response: number | null; onTime: number | null; overdue: number };
  rates: Rates;
  counts: RateCounts;
  beforeAfter: null | {
    at: string;
    before: { count: number; days: number; perMonth: number; hardwareShare: number | null };
    after: { count: number; days: number; perMonth: number; hardwareShare: number | null };
  };
}

export interface MonthFigures {
  month: string;
  participants: number;
  share: number;
  pointsIssued: number;
  pointsRedeemed: number;
}

export interface Participation {
  compoundId: number;
  compoundName: string;
  households: number | null;
  month: MonthFigures;
  topVolunteers: { userId: number; name: string; points: number }[];
  trend: MonthFigures[];
}

/** A period as the API takes it: ISO instants, `to` exclusive. */
export interface IsoPeriod {
  from: string;
  to: string;
}

export const getRates = (q: IsoPeriod & { groupBy: GroupBy; peer?: string; scheme?: string }) => api.get<RatesReport>(`/api/evaluation/rates${qs(q)}`);
export const getRanking = (q: { month: string; groupBy: GroupBy; peer?: string; scheme?: string }) => api.get<RankingReport>(`/api/evaluation/ranking${qs(q)}`);
export const getPortrait = (q: IsoPeriod & { placeId?: number; unitId?: number; before?: string }) => api.get<Portrait>(`/api/evaluation/portrait${qs(q)}`);
export const getSchemes = () => api.get<SchemeSettings>('/api/evaluation/schemes');
export const getParticipation = (compoundId: number, month: string) => api.get<Participation>(`/api/cogov/reports/participation${qs({ compoundId, month })}`);

export type { RateKey, Rates };
