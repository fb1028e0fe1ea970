/**
 * The dashboard API (/api/dashboard/…) as TypeBox schemas: grouped counts for the console's home
 * pages, the district overview (also a street's, community's or compound's with `placeId`), a
 * unit's view and the big screen (大屏). Every figure is read from rollups kept in the same
 * transaction as each order event (server/evaluation/rollups.ts), never by scanning orders, so
 * the answers cost the same at 10k and 10M orders. The overview, unit view and big screen are
 * kept per scope and query for at most 5 seconds (dropped at once by any write to the rollups,
 * orders or reference tables in the serving process; server/evaluation/dashboard.ts).
 *
 * Conventions: days are Shanghai calendar days 'YYYY-MM-DD'; a period is [from, to] inclusive of
 * both days; series are dense (every day or month of the period, zero when nothing happened), so
 * a chart can take `series.map(p => p.period)` as its x axis as it is. Rates are 0–1 or null when
 * nothing could be judged (see common/evaluation.ts), never 0/0.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { STATUSES } from './lifecycle';

const Id = Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 });
const Count = Type.Integer({ minimum: 0 });
const IsoTime = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Closed = { additionalProperties: false } as const;
/** A Shanghai calendar day. */
export const Day = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$', description: 'YYYY-MM-DD, Shanghai time' });
const Rate = Nullable(Type.Number({ description: '0–1; null when nothing could be judged' }));

export const STATUS_VALUES = STATUSES;
export const GRANULARITIES = ['day', 'month'] as const;
export type Granularity = (typeof GRANULARITIES)[number];

/** Every 考评 rate (DOMAIN.md §6); the same keys as common/evaluation.ts `Rates`. */
export const DashboardRates = Type.Object({
  response: Rate,
  resolution: Rate,
  satisfaction: Rate,
  signoff: Rate,
  onTime: Rate,
  return: Rate,
  redo: Rate,
  reverify: Rate,
  per1000: Nullable(Type.Number({ description: 'orders per 1000 households (null when households are unknown)' })),
});
export type DashboardRatesT = Static<typeof DashboardRates>;

// ── GET /api/dashboard/counts ───────────────────────────────────────────
/** The caller's own scope (role and place or unit, as for the order list); no parameters. */
export const CountsQuery = Type.Object({}, Closed);

export const CountsResponse = Type.Object({
  asOf: IsoTime,
  today: Day,
  /** Every status in lifecycle order, zeros included. */
  byStatus: Type.Array(Type.Object({ status: Type.String({ enum: [...STATUS_VALUES] }), count: Count })),
  total: Count,
  /** Orders in an open status (received … judging). */
  open: Count,
  /** Overdue and still with a unit (dispatched, handling, return_requested): the 超期 tab. */
  overdue: Count,
  /** With a unit, not yet overdue, resolution deadline falls today (Shanghai). */
  dueToday: Count,
  /** Supervised (督办) and not yet replied-and-closed: dispatched, handling, return_requested, replied. */
  supervised: Count,
  /** Waiting for the resident's callback (回访): status callback. */
  awaitingCallback: Count,
  /** The unit has replied and waits for review, callback or judgement: replied + callback + judging (the handler's tab). */
  awaitingRating: Count,
});
export type CountsResponseT = Static<typeof CountsResponse>;

// ── shared pieces ───────────────────────────────────────────────────────
export const PeriodQuery = {
  from: Type.Optional(Day),
  to: Type.Optional(Day),
  granularity: Type.Optional(Type.Union(GRANULARITIES.map((g) => Type.Literal(g)))),
};

/** One point of a time series: a day 'YYYY-MM-DD' or a month 'YYYY-MM'. */
export const SeriesPoint = Type.Object({
  period: Type.String(),
  /** Orders received in the period (not cancelled or merged). */
  volume: Count,
  /** Of those, closed by now. */
  closed: Count,
  /** Of those, rated 满意 or 基本满意 / rated (null when none rated). */
  satisfaction: Rate,
});

export const Totals = Type.Object({
  volume: Count,
  dispatched: Count,
  closed: Count,
  /** Of the period's orders, overdue now and still with a unit. */
  overdue: Count,
  rated: Count,
  rates: DashboardRates,
  /** Weighted score of the default scheme (common/evaluation.ts), null when a weighted rate is null. */
  score: Nullable(Type.Number()),
});

export const KindShare = Type.Object({ kind: Type.String({ description: 'hardware | service | other' }), count: Count, share: Type.Number() });
export const NamedCount = Type.Object({ id: Id, name: Type.String(), count: Count, share: Type.Number() });
export const CategoryCount = Type.Object({ ...NamedCount.properties, kind: Type.String() });

/** One row per child place (streets of the district, communities of a street …) or unit. */
export const ChildRow = Type.Object({
  id: Id,
  name: Type.String(),
  level: Type.String({ description: 'street | community | compound, or the unit kind' }),
  volume: Count,
  closed: Count,
  overdue: Count,
  households: Nullable(Type.Integer()),
  rates: DashboardRates,
  score: Nullable(Type.Number()),
});

export const ScopeInfo = Type.Object({
  kind: Type.Union([Type.Literal('district'), Type.Literal('place'), Type.Literal('unit')]),
  id: Nullable(Id),
  name: Type.String(),
  /** Place level (district | street | community | compound) or unit kind. */
  level: Type.String(),
});

/** The period and list length of the overview and the unit view (default: the last 30 days, top 10). */
const FiguresQuery = { ...PeriodQuery, top: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })) };

/** What the overview and the unit view both answer: a scope's figures over a period. */
const PeriodFigures = {
  scope: ScopeInfo,
  from: Day,
  to: Day,
  granularity: Type.String(),
  totals: Totals,
  series: Type.Array(SeriesPoint),
  byKind: Type.Array(KindShare),
  topCategories: Type.Array(CategoryCount),
  /** The compounds with most of the scope's orders (at most `top`). */
  topCompounds: Type.Array(NamedCount),
};

/** Orders now, by status. */
const ByStatus = Type.Array(Type.Object({ status: Type.String(), count: Count }));

// ── GET /api/dashboard/overview ─────────────────────────────────────────
/** District overview, or a street's / community's / compound's with placeId (the street view). */
export const OverviewQuery = Type.Object({ placeId: Type.Optional(Id), ...FiguresQuery }, Closed);
export type OverviewQueryT = Static<typeof OverviewQuery>;

export const OverviewResponse = Type.Object({
  ...PeriodFigures,
  /** The next level down: streets of the district, communities of a street, compounds of a community (empty for a compound). */
  children: Type.Array(ChildRow),
  /** Lead units of the period's orders in this scope, busiest first (at most `top`). */
  units: Type.Array(ChildRow),
});
export type OverviewResponseT = Static<typeof OverviewResponse>;

// ── GET /api/dashboard/unit ─────────────────────────────────────────────
/** One unit's view (its lead orders); a handler may omit unitId and gets their own unit. */
export const UnitViewQuery = Type.Object({ unitId: Type.Optional(Id), ...FiguresQuery }, Closed);
export type UnitViewQueryT = Static<typeof UnitViewQuery>;

export const UnitViewResponse = Type.Object({
  ...PeriodFigures,
  /** Its orders now, by status (lead orders only), and the open ones due today / overdue. */
  byStatus: ByStatus,
  open: Count,
  overdueNow: Count,
  dueToday: Count,
});
export type UnitViewResponseT = Static<typeof UnitViewResponse>;

// ── GET /api/dashboard/screen ───────────────────────────────────────────
/** The command centre's big screen (大屏); refreshes itself every `refreshSeconds`. */
export const ScreenQuery = Type.Object({ placeId: Type.Optional(Id) }, Closed);
export type ScreenQueryT = Static<typeof ScreenQuery>;

export const ScreenResponse = Type.Object({
  asOf: IsoTime,
  refreshSeconds: Type.Integer({ minimum: 5 }),
  scope: ScopeInfo,
  today: Type.Object({ day: Day, received: Count, closed: Count, open: Count, overdue: Count, dueToday: Count, supervised: Count }),
  /** This month so far, and last month in full, for 环比. */
  month: Type.Object({ month: Type.String(), volume: Count, rates: DashboardRates, score: Nullable(Type.Number()) }),
  lastMonth: Type.Object({ month: Type.String(), volume: Count, rates: DashboardRates, score: Nullable(Type.Number()) }),
  /** The last 30 days, one point a day. */
  last30: Type.Array(SeriesPoint),
  /** The last 12 months, one point a month. */
  last12: Type.Array(SeriesPoint),
  byKind: Type.Array(KindShare),
  topCategories: Type.Array(CategoryCount),
  /** The next level down (streets for the district) this month, with the three rates for a map or bar chart. */
  children: Type.Array(ChildRow),
  byStatus: ByStatus,
  /** The latest orders for a ticker: title, category and place only (no caller). */
  latest: Type.Array(Type.Object({ id: Id, number: Type.String(), title: Type.String(), category: Type.String(), place: Type.String(), status: Type.String(), receivedAt: IsoTime })),
});
export type ScreenResponseT = Static<typeof ScreenResponse>;

// ── credit (物业信用) ─────────────────────────────────────────────────────
export const CREDIT_GRADES = ['AAA', 'AA', 'A', 'B', 'C'] as const;
export type CreditGrade = (typeof CREDIT_GRADES)[number];

export const CreditRecord = Type.Object({
  id: Id,
  unitId: Id,
  kind: Type.Union([Type.Literal('good'), Type.Literal('bad')]),
  rule: Type.String({ description: 'the rule code that produced it, e.g. red_list, black_list, inspection_fail, ledger_overdue, manual' }),
  points: Type.Number(),
  reason: Type.String(),
  source: Nullable(Type.String({ description: 'what it came from, e.g. ranking:2026-10, inspection:12' })),
  at: IsoTime,
  actorId: Nullable(Id),
});

export const CreditRow = Type.Object({
  unitId: Id,
  name: Type.String(),
  score: Type.Number(),
  grade: Type.String({ enum: [...CREDIT_GRADES] }),
  good: Type.Number(),
  bad: Type.Number(),
  recordCount: Count,
});
export const CreditListResponse = Type.Object({ base: Type.Number(), rows: Type.Array(CreditRow) });
export const CreditDetailResponse = Type.Object({
  ...CreditRow.properties,
  base: Type.Number(),
  /** Score after each record, oldest first: the history chart. */
  history: Type.Array(Type.Object({ at: IsoTime, score: Type.Number(), grade: Type.String() })),
  records: Type.Array(CreditRecord),
});

/** The credit rules are data (settings 'evaluation.credit'): base, grade floors, points per rule. */
export const CreditRules = Type.Object(
  {
    base: Type.Number({ minimum: 0, maximum: 1000 }),
    /** Highest first: a score at or above `min` earns `grade`; below every floor → C. */
    grades: Type.Array(Type.Object({ grade: Type.String({ enum: [...CREDIT_GRADES] }), min: Type.Number() }, Closed), { minItems: 1, maxItems: 5 }),
    rules: Type.Array(
      Type.Object(
        {
          code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' }),
          kind: Type.Union([Type.Literal('good'), Type.Literal('bad')]),
          points: Type.Number({ minimum: 0, maximum: 1000 }),
          name_zh: Type.String({ minLength: 1, maxLength: 100 }),
          name_en: Type.String({ minLength: 1, maxLength: 100 }),
        },
        Closed,
      ),
      { maxItems: 50 },
    ),
  },
  Closed,
);
export type CreditRulesT = Static<typeof CreditRules>;

/** A manual good or bad record by an administrator or supervisor. */
export const CreditRecordBody = Type.Object(
  { unitId: Id, rule: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' }), reason: Type.String({ minLength: 1, maxLength: 500 }) },
  Closed,
);

// ── publishing a ranking (红榜/黑榜) ───────────────────────────────────────
/** POST /api/evaluation/ranking/publish: freezes the month's lists, writes credit records, plans 回头看. */
export const PublishBody = Type.Object(
  {
    month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM, Shanghai time' }),
    groupBy: Type.Union([Type.Literal('unit'), Type.Literal('compound')]),
    peer: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' })),
    scheme: Type.Optional(Type.String({ pattern: '^[a-z][a-z0-9_-]{0,39}$' })),
  },
  Closed,
);
export type PublishBodyT = Static<typeof PublishBody>;

export const PublishResponse = Type.Object({
  id: Id,
  month: Type.String(),
  groupBy: Type.String(),
  red: Type.Array(Type.Object({ id: Id, name: Type.String(), rank: Nullable(Type.Integer()), score: Nullable(Type.Number()) })),
  black: Type.Array(Type.Object({ id: Id, name: Type.String(), rank: Nullable(Type.Integer()), score: Nullable(Type.Number()) })),
  /** The 回头看 inspection plan of next month for the black-listed compounds (null when none). */
  lookBackPlanId: Nullable(Id),
  lookBackCompounds: Type.Array(Id),
  creditRecords: Count,
  publishedAt: IsoTime,
});
