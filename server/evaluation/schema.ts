/** Request and response shapes of the evaluation API (/api/evaluation/…) as TypeBox schemas. */
import { Type, type Static, type TSchema } from 'typebox';
import { ErrorSchema } from '../../common/api';
import { RATE_KEYS } from '../../common/evaluation';
import { GROUP_BYS } from './queries';

const Id = Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 });
const IsoTime = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Closed = { additionalProperties: false } as const;
const SchemeId = Type.String({ pattern: '^[a-z][a-z0-9_-]{0,39}$' });
const UnitKindCode = Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' });

export const Errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 422: ErrorSchema };

const GroupBy = Type.Enum(GROUP_BYS);
const RateKey = Type.Enum(RATE_KEYS);

export const RatesQuery = Type.Object(
  {
    groupBy: GroupBy,
    from: IsoTime,
    to: IsoTime,
    peer: Type.Optional(UnitKindCode),
    scheme: Type.Optional(SchemeId),
  },
  Closed,
);
export type RatesInput = Static<typeof RatesQuery>;

export const RankingQuery = Type.Object(
  {
    month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM, Shanghai time' }),
    groupBy: GroupBy,
    peer: Type.Optional(UnitKindCode),
    scheme: Type.Optional(SchemeId),
  },
  Closed,
);
export type RankingInput = Static<typeof RankingQuery>;

export const PortraitQuery = Type.Object(
  {
    placeId: Type.Optional(Id),
    unitId: Type.Optional(Id),
    from: IsoTime,
    to: IsoTime,
    before: Type.Optional(IsoTime),
  },
  Closed,
);
export type PortraitInput = Static<typeof PortraitQuery>;

const Rate = Nullable(Type.Number());
export const RatesSchema = Type.Object({
  response: Rate,
  resolution: Rate,
  satisfaction: Rate,
  signoff: Rate,
  onTime: Rate,
  return: Rate,
  redo: Rate,
  reverify: Rate,
  per1000: Rate,
});

const Count = Type.Integer({ minimum: 0 });
export const CountsSchema = Type.Object({
  volume: Count,
  dispatched: Count,
  signoffDue: Count,
  signoffOnTime: Count,
  responseDue: Count,
  responseOnTime: Count,
  resolutionDue: Count,
  resolutionOnTime: Count,
  rated: Count,
  ratedResolved: Count,
  ratedSatisfied: Count,
  returned: Count,
  redone: Count,
  reverified: Count,
  reverifiedHeld: Count,
});

const RateRow = Type.Object({
  id: Id,
  name: Type.String(),
  peer: Type.String({ description: 'unit kind, or place level: the group a row is ranked in' }),
  households: Nullable(Type.Integer()),
  volume: Count,
  rates: RatesSchema,
  counts: CountsSchema,
  score: Nullable(Type.Number()),
});

export const RatesResponse = Type.Object({
  groupBy: Type.String(),
  from: IsoTime,
  to: IsoTime,
  scheme: Type.String(),
  rows: Type.Array(RateRow),
});

export const RankingResponse = Type.Object({
  month: Type.String(),
  previousMonth: Type.String(),
  groupBy: Type.String(),
  scheme: Type.String(),
  minVolume: Type.Integer(),
  rows: Type.Array(
    Type.Object({
      ...RateRow.properties,
      rank: Nullable(Type.Integer()),
      ranked: Type.Boolean(),
      unrankedReason: Nullable(Type.String()),
      previousRank: Nullable(Type.Integer()),
      previousScore: Nullable(Type.Number()),
      change: Nullable(Type.Integer({ description: 'places moved up since last month (negative: down)' })),
      list: Nullable(Type.Union([Type.Literal('red'), Type.Literal('black')])),
      belowFloor: Type.Boolean(),
    }),
  ),
  red: Type.Array(Id),
  black: Type.Array(Id),
});

const Share = Type.Object({ count: Count, share: Type.Number(), percent: Type.Integer() });
const Named = Type.Object({ id: Id, name: Type.String(), ...Share.properties });

export const PortraitResponse = Type.Object({
  target: Type.Object({ kind: Type.Union([Type.Literal('place'), Type.Literal('unit')]), id: Id, name: Type.String(), level: Nullable(Type.String()), households: Nullable(Type.Integer()) }),
  from: IsoTime,
  to: IsoTime,
  volume: Count,
  trend: Type.Array(Type.Object({ month: Type.String(), count: Count })),
  byKind: Type.Array(Type.Object({ kind: Type.String(), ...Share.properties })),
  byCategory: Type.Array(Type.Object({ ...Named.properties, kind: Type.String() })),
  topProblems: Type.Array(Type.Object({ ...Named.properties, kind: Type.String() })),
  hotBuildings: Type.Array(Named),
  repeatCallers: Type.Array(Type.Object({ phone: Type.String({ description: 'masked, 138****1234' }), count: Count, lastAt: IsoTime })),
  deadlines: Type.Object({ signoff: Rate, response: Rate, onTime: Rate, overdue: Count }),
  rates: RatesSchema,
  counts: CountsSchema,
  beforeAfter: Nullable(
    Type.Object({
      at: IsoTime,
      before: Type.Object({ count: Count, days: Type.Number(), perMonth: Type.Number(), hardwareShare: Nullable(Type.Number()) }),
      after: Type.Object({ count: Count, days: Type.Number(), perMonth: Type.Number(), hardwareShare: Nullable(Type.Number()) }),
    }),
  ),
});

// ── scheme settings ─────────────────────────────────────────────────────
const Weight = Type.Number({ minimum: 0, maximum: 1000 });
const Ranking = {
  id: SchemeId,
  name: Type.String({ minLength: 1, maxLength: 100 }),
  minVolume: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
  top: Type.Integer({ minimum: 0, maximum: 1000 }),
  bottom: Type.Integer({ minimum: 0, maximum: 1000 }),
  floor: Type.Optional(Nullable(Type.Object({ rate: RateKey, min: Type.Number({ minimum: 0, maximum: 1 }) }, Closed))),
};
const WeightedSchemeSchema = Type.Object(
  {
    kind: Type.Literal('weighted'),
    ...Ranking,
    weights: Type.Object(Object.fromEntries(RATE_KEYS.map((k) => [k, Type.Optional(Weight)])), Closed),
  },
  Closed,
);
const DeductionSchemeSchema = Type.Object(
  {
    kind: Type.Literal('deductions'),
    ...Ranking,
    base: Type.Number({ minimum: 0, maximum: 1000 }),
    rules: Type.Array(Type.Object({ rate: RateKey, target: Type.Number({ minimum: 0, maximum: 1 }), perPoint: Type.Number({ minimum: 0, maximum: 100 }) }, Closed), { maxItems: 20 }),
  },
  Closed,
);
export const SchemeSettingsSchema = Type.Object(
  {
    defaultScheme: SchemeId,
    schemes: Type.Array(Type.Union([WeightedSchemeSchema, DeductionSchemeSchema]), { minItems: 1, maxItems: 20 }),
  },
  Closed,
);
