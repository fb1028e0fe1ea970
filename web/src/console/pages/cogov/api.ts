/** The co-governance API as the console and the resident page call it (shapes mirror server/cogov/schema.ts). */
import { api, qs } from '../../../lib/api';

export type ActivityKind = 'duty' | 'class' | 'service_day';
export const ACTIVITY_KINDS: readonly ActivityKind[] = ['duty', 'class', 'service_day'];

export interface SessionDto {
  id: number;
  seq: number;
  startsAt: string;
  endsAt: string;
}

export interface MyAttendanceDto {
  sessionId: number;
  checkedInAt: string;
  checkedOutAt: string | null;
  points: number | null;
  review: string | null;
}

export interface ActivityDto {
  id: number;
  kind: ActivityKind;
  title: string;
  description: string;
  placeId: number;
  placeName: string;
  organiserId: number;
  organiserName: string;
  capacity: number;
  enrolledCount: number;
  pointsMode: 'per_hour' | 'per_attendance';
  pointsRate: number;
  pointsCap: number;
  reviewRequired: boolean;
  noticeDays: number;
  completionPercent: number | null;
  status: 'open' | 'cancelled';
  sessions: SessionDto[];
  myEnrollment: { id: number; status: string; showPublicly: boolean } | null;
  myAttendance: MyAttendanceDto[];
  actions: string[];
}

export interface CreateActivity {
  kind: ActivityKind;
  title: string;
  description?: string;
  placeId: number;
  capacity: number;
  pointsMode: 'per_hour' | 'per_attendance';
  pointsRate: number;
  pointsCap: number;
  reviewRequired?: boolean;
  noticeDays?: number;
  completionPercent?: number;
  sessions: { startsAt: string; endsAt: string }[];
}

export interface UpdateActivity {
  title?: string;
  description?: string;
  capacity?: number;
  noticeDays?: number;
  status?: 'open' | 'cancelled';
}

export interface AttendanceRecordDto {
  id: number;
  sessionId: number;
  userId: number;
  checkedInAt: string;
  inMethod: string;
  checkedOutAt: string | null;
  outMethod: string | null;
  points: number | null;
  review: string | null;
}

export interface AttendanceListDto {
  activityId: number;
  sessions: (SessionDto & { attended: number })[];
  people: { userId: number; name: string; enrollment: string; daysAttended: number; completed: boolean; records: AttendanceRecordDto[] }[];
  completedCount: number;
}

export interface LedgerEntryDto {
  id: number;
  kind: 'credit' | 'debit' | 'reversal';
  delta: number;
  reason: string;
  refType: string;
  refId: number;
  activityId: number | null;
  activityTitle: string | null;
  reversesId: number | null;
  settlesAt: string;
  settled: boolean;
  createdAt: string;
}

export type CreditDto = LedgerEntryDto & { userId: number; userName: string; reversed: boolean };

export interface RewardDto {
  id: number;
  name: string;
  kind: 'parking' | 'housekeeping' | 'goods';
  description: string;
  price: number;
  stock: number;
  merchantUserId: number | null;
  unitId: number | null;
  honouredBy: string;
  placeId: number | null;
  validDays: number;
  active: boolean;
}

export interface RedemptionDto {
  id: number;
  rewardId: number;
  rewardName: string;
  honouredBy: string;
  userId: number;
  cost: number;
  status: 'issued' | 'used' | 'cancelled' | 'expired';
  codeHint: string;
  expiresAt: string;
  usedAt: string | null;
  createdAt: string;
}

export interface MonthFiguresDto {
  month: string;
  participants: number;
  share: number;
  pointsIssued: number;
  pointsRedeemed: number;
}

export interface ParticipationDto {
  compoundId: number;
  compoundName: string;
  households: number | null;
  month: MonthFiguresDto;
  topVolunteers: { userId: number; name: string; points: number }[];
  trend: MonthFiguresDto[];
}

export interface OutputReportDto {
  activities: {
    activityId: number;
    title: string;
    kind: string;
    outputs: { metric: string; label: string; quantity: number }[];
    traineesCompleted: number | null;
  }[];
  totals: { metric: string; label: string; quantity: number }[];
}

const A = '/api/cogov';

export const cogov = {
  activities: (q: { placeId?: number; kind?: ActivityKind; mine?: boolean } = {}) => api.get<ActivityDto[]>(`${A}/activities${qs(q)}`),
  activity: (id: number) => api.get<ActivityDto>(`${A}/activities/${id}`),
  create: (b: CreateActivity) => api.post<ActivityDto>(`${A}/activities`, b),
  update: (id: number, b: UpdateActivity) => api.patch<ActivityDto>(`${A}/activities/${id}`, b),
  enroll: (id: number, showPublicly: boolean) => api.post<ActivityDto>(`${A}/activities/${id}/enroll`, { showPublicly }),
  cancelEnrollment: (id: number) => api.post<ActivityDto>(`${A}/activities/${id}/cancel-enrollment`),
  attendance: (id: number) => api.get<AttendanceListDto>(`${A}/activities/${id}/attendance`),
  credits: (id: number) => api.get<CreditDto[]>(`${A}/activities/${id}/credits`),
  recordOutput: (id: number, b: { metric: string; label: string; quantity: number }) => api.post<{ id: number }>(`${A}/activities/${id}/outputs`, b),
  outputs: () => api.get<OutputReportDto>(`${A}/outputs`),
  issueCode: (sessionId: number, purpose: 'in' | 'out') =>
    api.post<{ sessionId: number; purpose: string; code: string; expiresAt: string }>(`${A}/sessions/${sessionId}/codes`, { purpose }),
  checkIn: (sessionId: number, code: string) => api.post<AttendanceRecordDto>(`${A}/sessions/${sessionId}/check-in`, { code }),
  checkOut: (sessionId: number, code: string) => api.post<AttendanceRecordDto>(`${A}/sessions/${sessionId}/check-out`, { code }),
  mark: (sessionId: number, userId: number, action: 'in' | 'out') => api.post<AttendanceRecordDto>(`${A}/sessions/${sessionId}/attendance`, { userId, action }),
  review: (attendanceId: number, decision: 'approve' | 'reject') => api.post<AttendanceRecordDto>(`${A}/attendance/${attendanceId}/review`, { decision }),
  reverse: (entryId: number, reason: string) => api.post<LedgerEntryDto>(`${A}/points/${entryId}/reverse`, { reason }),
  sweep: () => api.post<{ settled: number; expired: number }>(`${A}/sweep`),
  myPoints: () => api.get<{ balance: number; pending: number; entries: LedgerEntryDto[] }>(`${A}/me/points`),
  rewards: (all = false) => api.get<RewardDto[]>(`${A}/rewards${qs({ all: all || undefined })}`),
  createReward: (b: Omit<RewardDto, 'id' | 'active' | 'merchantUserId' | 'unitId' | 'placeId'> & { merchantUserId?: number; unitId?: number; placeId?: number }) =>
    api.post<RewardDto>(`${A}/rewards`, b),
  updateReward: (id: number, b: Partial<Pick<RewardDto, 'name' | 'description' | 'price' | 'stock' | 'active'>>) => api.patch<RewardDto>(`${A}/rewards/${id}`, b),
  redeem: (rewardId: number) => api.post<{ redemption: RedemptionDto; code: string }>(`${A}/rewards/${rewardId}/redeem`),
  myRedemptions: () => api.get<RedemptionDto[]>(`${A}/me/redemptions`),
  cancelRedemption: (id: number) => api.post<RedemptionDto>(`${A}/redemptions/${id}/cancel`),
  reissueCode: (id: number) => api.post<{ redemption: RedemptionDto; code: string }>(`${A}/redemptions/${id}/code`),
  verify: (code: string) => api.post<RedemptionDto>(`${A}/redemptions/verify`, { code }),
  verified: () => api.get<RedemptionDto[]>(`${A}/redemptions/verified`),
  participation: (compoundId: number, month: string) => api.get<ParticipationDto>(`${A}/reports/participation${qs({ compoundId, month })}`),
};

/** The session whose check-in window (30 minutes before the start until the end) holds `now`, else the next one. */
export function currentSession(sessions: SessionDto[], now: number): { session: SessionDto; open: boolean } | null {
  for (const s of sessions) {
    const start = Date.parse(s.startsAt);
    const end = Date.parse(s.endsAt);
    if (now >= start - 30 * 60_000 && now < end) return { session: s, open: true };
  }
  const next = sessions.find((s) => Date.parse(s.startsAt) > now);
  return next ? { session: next, open: false } : null;
}
