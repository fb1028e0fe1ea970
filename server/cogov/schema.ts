/** Request and response shapes of the co-governance API (activities, points, the points shop) as TypeBox schemas. */
import { Type, type Static, type TSchema } from 'typebox';
import { ErrorSchema } from '../../common/api';

const Id = Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 });
const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const IsoTime = Type.String({ format: 'date-time' });
const Closed = { additionalProperties: false } as const;

export const Errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema };

export const ACTIVITY_KINDS = ['duty', 'class', 'service_day'] as const;
export const POINTS_MODES = ['per_hour', 'per_attendance'] as const;
export const REWARD_KINDS = ['parking', 'housekeeping', 'goods'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

const Points = Type.Integer({ minimum: 0, maximum: 100_000 });

// ── activities ─────────────────────────────────────────────────────────
export const SessionInput = Type.Object({ startsAt: IsoTime, endsAt: IsoTime }, Closed);

export const CreateActivityBody = Type.Object(
  {
    kind: Type.Enum(ACTIVITY_KINDS),
    title: Text(100, 2),
    description: Type.Optional(Text(2000, 0)),
    placeId: Id,
    capacity: Type.Integer({ minimum: 1, maximum: 10_000 }),
    pointsMode: Type.Enum(POINTS_MODES),
    pointsRate: Points,
    pointsCap: Points,
    reviewRequired: Type.Optional(Type.Boolean()),
    noticeDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 30 })),
    completionPercent: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100, description: 'a class is completed when at least this share of its days was attended' }),
    ),
    sessions: Type.Array(SessionInput, { minItems: 1, maxItems: 120 }),
  },
  Closed,
);
export type CreateActivityInput = Static<typeof CreateActivityBody>;

export const Session = Type.Object({ id: Id, seq: Type.Integer(), startsAt: IsoTime, endsAt: IsoTime });

export const Activity = Type.Object({
  id: Id,
  kind: Type.String(),
  title: Type.String(),
  description: Type.String(),
  placeId: Id,
  placeName: Type.String(),
  organiserId: Id,
  organiserName: Type.String(),
  capacity: Type.Integer(),
  enrolledCount: Type.Integer(),
  pointsMode: Type.String(),
  pointsRate: Type.Integer(),
  pointsCap: Type.Integer(),
  reviewRequired: Type.Boolean(),
  noticeDays: Type.Integer(),
  completionPercent: Nullable(Type.Integer()),
  status: Type.String(),
  sessions: Type.Array(Session),
  myEnrollment: Nullable(Type.Object({ id: Id, status: Type.String(), showPublicly: Type.Boolean() })),
  myAttendance: Type.Array(
    Type.Object({
      sessionId: Id,
      checkedInAt: IsoTime,
      checkedOutAt: Nullable(IsoTime),
      points: Nullable(Type.Integer()),
      review: Nullable(Type.String()),
    }),
    { description: 'my check-ins in this activity (empty for staff)' },
  ),
  actions: Type.Array(Type.String(), { description: 'what the caller may do: enroll, cancel_enrollment, manage' }),
});

export const UpdateActivityBody = Type.Object(
  {
    title: Type.Optional(Text(100, 2)),
    description: Type.Optional(Text(2000, 0)),
    capacity: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
    noticeDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 30, description: 'for credits from now on' })),
    status: Type.Optional(Type.Enum(['open', 'cancelled'] as const)),
  },
  { ...Closed, minProperties: 1 },
);
export type UpdateActivityInput = Static<typeof UpdateActivityBody>;

export const ActivityListQuery = Type.Object({
  placeId: Type.Optional(Id),
  kind: Type.Optional(Type.Enum(ACTIVITY_KINDS)),
  mine: Type.Optional(Type.Boolean({ description: 'only activities I organise or am enrolled in' })),
});

export const EnrollBody = Type.Object(
  { showPublicly: Type.Optional(Type.Boolean({ description: 'consent to appear on the volunteer board' })) },
  Closed,
);

export const Enrollment = Type.Object({
  id: Id,
  activityId: Id,
  userId: Id,
  status: Type.String(),
  showPublicly: Type.Boolean(),
  enrolledAt: IsoTime,
});

// ── check-in ──────────────────────────────────────────────────────────
export const CodeBody = Type.Object({ purpose: Type.Enum(['in', 'out'] as const) }, Closed);
export const IssuedCode = Type.Object({ sessionId: Id, purpose: Type.String(), code: Type.String(), expiresAt: IsoTime });
export const CheckBody = Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }, Closed);
export const MarkBody = Type.Object({ userId: Id, action: Type.Enum(['in', 'out'] as const) }, Closed);

export const AttendanceRecord = Type.Object({
  id: Id,
  sessionId: Id,
  userId: Id,
  checkedInAt: IsoTime,
  inMethod: Type.String(),
  checkedOutAt: Nullable(IsoTime),
  outMethod: Nullable(Type.String()),
  points: Nullable(Type.Integer()),
  review: Nullable(Type.String()),
});

export const AttendanceList = Type.Object({
  activityId: Id,
  sessions: Type.Array(Type.Object({ id: Id, seq: Type.Integer(), startsAt: IsoTime, endsAt: IsoTime, attended: Type.Integer() })),
  people: Type.Array(
    Type.Object({
      userId: Id,
      name: Type.String(),
      enrollment: Type.String(),
      daysAttended: Type.Integer(),
      completed: Type.Boolean(),
      records: Type.Array(AttendanceRecord),
    }),
  ),
  completedCount: Type.Integer(),
});

export const ReviewBody = Type.Object({ decision: Type.Enum(['approve', 'reject'] as const) }, Closed);

// ── outputs ───────────────────────────────────────────────────────────
export const OutputBody = Type.Object(
  {
    metric: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' }),
    label: Text(40),
    quantity: Type.Integer({ minimum: 1, maximum: 10_000_000 }),
  },
  Closed,
);
const OutputLine = Type.Object({ metric: Type.String(), label: Type.String(), quantity: Type.Integer() });
export const OutputReport = Type.Object({
  activities: Type.Array(
    Type.Object({
      activityId: Id,
      title: Type.String(),
      kind: Type.String(),
      outputs: Type.Array(OutputLine),
      traineesCompleted: Nullable(Type.Integer()),
    }),
  ),
  totals: Type.Array(OutputLine),
});

// ── points ────────────────────────────────────────────────────────────
export const LedgerEntry = Type.Object({
  id: Id,
  kind: Type.String(),
  delta: Type.Integer(),
  reason: Type.String(),
  refType: Type.String(),
  refId: Type.Integer(),
  activityId: Nullable(Id),
  activityTitle: Nullable(Type.String()),
  reversesId: Nullable(Id),
  settlesAt: IsoTime,
  settled: Type.Boolean(),
  createdAt: IsoTime,
});
export const ActivityCredit = Type.Object({
  ...LedgerEntry.properties,
  userId: Id,
  userName: Type.String(),
  reversed: Type.Boolean({ description: 'a reversal of this credit exists' }),
});
export const MyPoints = Type.Object({ balance: Type.Integer(), pending: Type.Integer(), entries: Type.Array(LedgerEntry) });
export const ReverseBody = Type.Object({ reason: Text(200, 2) }, Closed);

// ── rewards ───────────────────────────────────────────────────────────
export const CreateRewardBody = Type.Object(
  {
    name: Text(100, 2),
    kind: Type.Enum(REWARD_KINDS),
    description: Type.Optional(Text(1000, 0)),
    price: Type.Integer({ minimum: 1, maximum: 100_000 }),
    stock: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    merchantUserId: Type.Optional(Id),
    unitId: Type.Optional(Id),
    honouredBy: Text(100),
    placeId: Type.Optional(Id),
    validDays: Type.Integer({ minimum: 1, maximum: 365 }),
  },
  Closed,
);
export type CreateRewardInput = Static<typeof CreateRewardBody>;

export const UpdateRewardBody = Type.Object(
  {
    name: Type.Optional(Text(100, 2)),
    description: Type.Optional(Text(1000, 0)),
    price: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    stock: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
    active: Type.Optional(Type.Boolean()),
  },
  { ...Closed, minProperties: 1 },
);
export type UpdateRewardInput = Static<typeof UpdateRewardBody>;
export const RewardListQuery = Type.Object({
  all: Type.Optional(Type.Boolean({ description: 'include withdrawn rewards (administrators)' })),
});

export const Reward = Type.Object({
  id: Id,
  name: Type.String(),
  kind: Type.String(),
  description: Type.String(),
  price: Type.Integer(),
  stock: Type.Integer(),
  merchantUserId: Nullable(Id),
  unitId: Nullable(Id),
  honouredBy: Type.String(),
  placeId: Nullable(Id),
  validDays: Type.Integer(),
  active: Type.Boolean(),
});

export const Redemption = Type.Object({
  id: Id,
  rewardId: Id,
  rewardName: Type.String(),
  honouredBy: Type.String(),
  userId: Id,
  cost: Type.Integer(),
  status: Type.String(),
  codeHint: Type.String({ description: 'the last characters of the code' }),
  expiresAt: IsoTime,
  usedAt: Nullable(IsoTime),
  createdAt: IsoTime,
});
export const IssuedRedemption = Type.Object({
  redemption: Redemption,
  code: Type.String({ description: 'shown once; only its hash is kept' }),
});
export const VerifyBody = Type.Object({ code: Type.String({ minLength: 4, maxLength: 20 }) }, Closed);

// ── reports ───────────────────────────────────────────────────────────
export const ParticipationQuery = Type.Object({ compoundId: Id, month: Type.String({ pattern: '^20[0-9]{2}-(0[1-9]|1[0-2])$' }) });
const MonthFigures = Type.Object({
  month: Type.String(),
  participants: Type.Integer(),
  share: Type.Number(),
  pointsIssued: Type.Integer(),
  pointsRedeemed: Type.Integer(),
});
export const ParticipationReport = Type.Object({
  compoundId: Id,
  compoundName: Type.String(),
  households: Nullable(Type.Integer()),
  month: MonthFigures,
  topVolunteers: Type.Array(Type.Object({ userId: Id, name: Type.String(), points: Type.Integer() })),
  trend: Type.Array(MonthFigures),
});
