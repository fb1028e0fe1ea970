/**
 * Supervision in the field (DOMAIN.md §5): disclosure boards (公示) and public notices, patrols
 * (每日巡查), campaigns (专项行动), the facilities register, visits (走访), consultations (会商) and
 * livelihood projects (民生项目). The names the UI shows, and the API's request shapes (TypeBox).
 */
import { Type, type Static, type TSchema } from 'typebox';

const Id = Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 });
const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const IsoTime = Type.String({ format: 'date-time' });
const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (Shanghai)' });
const Closed = { additionalProperties: false } as const;
const Photos = Type.Array(Id, { maxItems: 9 });
const Code = Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$', description: 'lower-case code, e.g. wire_m' });
const Amount = Type.Number({ minimum: 0, maximum: 1e9 });
const Paging = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
};

type Names = Record<string, { zh: string; en: string }>;

// ── disclosure boards (公示) and notices ───────────────────────────────
/** The 五亮 items of a compound's board; 亮结果 is computed from the compound's orders. */
export const BOARD_ITEMS = ['duties', 'identity', 'promises', 'standards', 'results'] as const;
export type BoardItem = (typeof BOARD_ITEMS)[number];
export const EDITABLE_BOARD_ITEMS = ['duties', 'identity', 'promises', 'standards'] as const;
export const BOARD_ITEM_NAMES: Record<BoardItem, { zh: string; en: string }> = {
  duties: { zh: '亮职责', en: 'Duties' },
  identity: { zh: '亮身份', en: 'Staff identity' },
  promises: { zh: '亮承诺', en: 'Commitments' },
  standards: { zh: '亮标准', en: 'Service standards' },
  results: { zh: '亮结果', en: 'Results' },
};
/** Days after which a board item not updated is flagged stale (settings key supervision.board overrides). */
export const DEFAULT_STALE_DAYS = 30;
/** Days of orders behind 亮结果. */
export const DEFAULT_RESULT_DAYS = 90;

export const BoardParams = Type.Object({ id: Id, item: Type.Enum(EDITABLE_BOARD_ITEMS) });
export const BoardQuery = Type.Object(
  {
    staleDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 366 })),
    resultDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 366 })),
  },
  Closed,
);
export const BoardItemBody = Type.Object({ content: Text(4000) }, Closed);
export const BoardsQuery = Type.Object(
  { placeId: Type.Optional(Id), stale: Type.Optional(Type.Boolean()), staleDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 366 })), ...Paging },
  Closed,
);

export const CreateNoticeBody = Type.Object(
  {
    placeId: Id,
    title: Text(200),
    body: Text(8000),
    publishedAt: Type.Optional(IsoTime),
    expiresAt: Type.Optional(Nullable(IsoTime)),
  },
  Closed,
);
export const UpdateNoticeBody = Type.Object(
  {
    title: Type.Optional(Text(200)),
    body: Type.Optional(Text(8000)),
    publishedAt: Type.Optional(IsoTime),
    expiresAt: Type.Optional(Nullable(IsoTime)),
  },
  { ...Closed, minProperties: 1 },
);
export const NoticesQuery = Type.Object(
  { placeId: Type.Optional(Id), active: Type.Optional(Type.Boolean()), ...Paging },
  Closed,
);

// ── patrols (每日巡查) ─────────────────────────────────────────────────
export const CHECKPOINT_KINDS: Names = {
  heating_valve: { zh: '供热阀门', en: 'Heating valve' },
  pipe_well: { zh: '管井', en: 'Pipe well' },
  flying_wire: { zh: '飞线点位', en: 'Flying-wire point' },
  fire_station: { zh: '消防站点', en: 'Fire station' },
  ebike_shed: { zh: '电动车棚', en: 'E-bike shed' },
  environment: { zh: '楼栋环境', en: 'Building environment' },
  other: { zh: '其他', en: 'Other' },
};
const Weekdays = Type.String({ pattern: '^(?!.*(.).*\\1)[0-6]{1,7}$', description: 'days of week walked, digits 0 (Sunday) … 6; 0123456 = daily' });

export const CreateTeamBody = Type.Object(
  {
    name: Text(100),
    placeId: Id,
    unitId: Type.Optional(Nullable(Id)),
    members: Type.Array(Type.Object({ userId: Id, role: Type.Optional(Type.Enum(['leader', 'member'] as const)) }, Closed), { maxItems: 100 }),
  },
  Closed,
);
export const TeamMembersBody = Type.Object(
  { members: Type.Array(Type.Object({ userId: Id, role: Type.Optional(Type.Enum(['leader', 'member'] as const)) }, Closed), { maxItems: 100 }) },
  Closed,
);
/** Staff a supervisor may put on a patrol team: by name or username, optionally one role. */
export const STAFF_ROLES = ['supervisor', 'dispatcher', 'inspector', 'handler', 'organiser'] as const;
export const StaffQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
    role: Type.Optional(Type.Enum(STAFF_ROLES)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  },
  Closed,
);
const CheckpointInput = Type.Object(
  { kind: Code, name: Text(200), placeId: Id, categoryId: Type.Optional(Nullable(Id)) },
  Closed,
);
export const CreateRouteBody = Type.Object(
  {
    teamId: Id,
    name: Text(100),
    placeId: Id,
    weekdays: Type.Optional(Weekdays),
    checkpoints: Type.Optional(Type.Array(CheckpointInput, { maxItems: 200 })),
  },
  Closed,
);
export const UpdateRouteBody = Type.Object(
  { name: Type.Optional(Text(100)), weekdays: Type.Optional(Weekdays), active: Type.Optional(Type.Boolean()) },
  { ...Closed, minProperties: 1 },
);
export const AddCheckpointBody = CheckpointInput;
export const CheckpointParams = Type.Object({ id: Id, checkpointId: Id });
export const PatrolRecordBody = Type.Object(
  {
    day: Type.Optional(DateText),
    results: Type.Array(
      Type.Object(
        {
          checkpointId: Id,
          outcome: Type.Enum(['ok', 'hazard'] as const),
          note: Type.Optional(Text(2000, 0)),
          attachmentIds: Type.Optional(Photos),
          categoryId: Type.Optional(Id),
          priority: Type.Optional(Type.Enum(['normal', 'urgent', 'emergency'] as const)),
          attributes: Type.Optional(
            Type.Record(Type.String({ maxLength: 64 }), Type.Unknown(), { description: "the hazard's category fields, as the order create body's attributes" }),
          ),
        },
        Closed,
      ),
      { minItems: 1, maxItems: 200 },
    ),
  },
  Closed,
);
export const CoverageQuery = Type.Object(
  { from: DateText, to: DateText, placeId: Type.Optional(Id), routeId: Type.Optional(Id), missedOnly: Type.Optional(Type.Boolean()) },
  Closed,
);
export const RoutesQuery = Type.Object({ placeId: Type.Optional(Id), teamId: Type.Optional(Id), ...Paging }, Closed);
export const PlaceListQuery = Type.Object({ placeId: Type.Optional(Id), ...Paging }, Closed);

// ── campaigns (专项行动) ────────────────────────────────────────────────
export const POINT_STATUSES = ['pending', 'in_progress', 'done'] as const;
export type PointStatus = (typeof POINT_STATUSES)[number];
export const POINT_STATUS_NAMES: Record<PointStatus, { zh: string; en: string }> = {
  pending: { zh: '待整治', en: 'Pending' },
  in_progress: { zh: '整治中', en: 'In progress' },
  done: { zh: '已完成', en: 'Done' },
};
const QuantityKind = Type.Object({ code: Code, name: Text(50), unit: Text(10) }, Closed);
const Quantities = Type.Record(Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }), Amount, { maxProperties: 50 });
const PointInput = Type.Object(
  { name: Text(200), placeId: Id, description: Type.Optional(Text(2000, 0)), unitId: Type.Optional(Nullable(Id)) },
  Closed,
);
export const CreateCampaignBody = Type.Object(
  {
    name: Text(200),
    description: Type.Optional(Text(4000, 0)),
    placeId: Id,
    startsOn: Type.Optional(DateText),
    endsOn: Type.Optional(DateText),
    quantityKinds: Type.Array(QuantityKind, { maxItems: 50 }),
    coordinatorUnitId: Id,
    unitIds: Type.Optional(Type.Array(Id, { maxItems: 50 })),
    points: Type.Optional(Type.Array(PointInput, { maxItems: 500 })),
  },
  Closed,
);
export const AddPointBody = PointInput;
export const PointParams = Type.Object({ id: Id, pointId: Id });
export const UpdatePointBody = Type.Object(
  {
    status: Type.Optional(Type.Enum(['pending', 'in_progress'] as const)),
    note: Type.Optional(Text(2000, 0)),
    quantities: Type.Optional(Quantities),
    beforePhotos: Type.Optional(Photos),
    afterPhotos: Type.Optional(Photos),
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { ...Closed, minProperties: 1 },
);
export const ClosePointBody = Type.Object(
  {
    routeId: Id,
    quantities: Type.Optional(Quantities),
    afterPhotos: Type.Optional(Photos),
    checkpointKind: Type.Optional(Code),
    note: Type.Optional(Text(2000, 0)),
  },
  Closed,
);
export const CampaignUnitsBody = Type.Object({ unitIds: Type.Array(Id, { minItems: 1, maxItems: 50 }) }, Closed);

// ── facilities register (设施台账) ─────────────────────────────────────
export const FACILITY_KINDS: Names = {
  elevator: { zh: '电梯', en: 'Elevator' },
  ebike_shed: { zh: '电动车棚', en: 'E-bike shed' },
  heating_pipe: { zh: '供热管道', en: 'Heating pipe' },
  heating_valve: { zh: '供热阀门', en: 'Heating valve' },
  fire_station: { zh: '微型消防站', en: 'Fire station' },
  cctv: { zh: '监控', en: 'CCTV' },
  barrier: { zh: '道闸', en: 'Barrier gate' },
  other: { zh: '其他', en: 'Other' },
};
export const CreateFacilityBody = Type.Object(
  {
    kind: Code,
    name: Text(200),
    placeId: Id,
    capacity: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 1_000_000 }))),
    unitId: Type.Optional(Nullable(Id)),
    checkEveryDays: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 3650 }))),
    maintainEveryDays: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 3650 }))),
  },
  Closed,
);
export const UpdateFacilityBody = Type.Object(
  {
    name: Type.Optional(Text(200)),
    capacity: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 1_000_000 }))),
    unitId: Type.Optional(Nullable(Id)),
    checkEveryDays: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 3650 }))),
    maintainEveryDays: Type.Optional(Nullable(Type.Integer({ minimum: 1, maximum: 3650 }))),
    active: Type.Optional(Type.Boolean()),
  },
  { ...Closed, minProperties: 1 },
);
export const FacilityRecordBody = Type.Object(
  {
    kind: Type.Enum(['check', 'maintenance'] as const),
    outcome: Type.Optional(Type.Enum(['ok', 'fault'] as const)),
    note: Type.Optional(Text(2000, 0)),
    doneAt: Type.Optional(IsoTime),
    attachmentIds: Type.Optional(Photos),
  },
  Closed,
);
export const FacilitiesQuery = Type.Object(
  { placeId: Type.Optional(Id), kind: Type.Optional(Code), due: Type.Optional(Type.Boolean()), ...Paging },
  Closed,
);

// ── visits (走访) ──────────────────────────────────────────────────────
export const CreateVisitBody = Type.Object(
  {
    placeId: Id,
    mode: Type.Enum(['door', 'phone'] as const),
    plan: Type.Enum(['scheduled', 'random'] as const),
    scheduledFor: Type.Optional(IsoTime),
    visitorId: Type.Optional(Id),
    residentName: Type.Optional(Text(64, 0)),
    residentPhone: Type.Optional(Type.String({ pattern: '^[0-9+\\- ]{5,20}$' })),
  },
  Closed,
);
export const RecordVisitBody = Type.Object(
  {
    findings: Text(4000, 0),
    residentName: Type.Optional(Text(64, 0)),
    residentPhone: Type.Optional(Type.String({ pattern: '^[0-9+\\- ]{5,20}$' })),
    attachmentIds: Type.Optional(Photos),
    /** What the findings become, in the same step. */
    outcome: Type.Enum(['none', 'order', 'ledger'] as const),
    categoryId: Type.Optional(Id),
    title: Type.Optional(Text(200)),
    unitId: Type.Optional(Nullable(Id)),
    deadline: Type.Optional(IsoTime),
    problemId: Type.Optional(Id),
  },
  Closed,
);
export const VisitsQuery = Type.Object(
  {
    placeId: Type.Optional(Id),
    status: Type.Optional(Type.Enum(['planned', 'done'] as const)),
    mode: Type.Optional(Type.Enum(['door', 'phone'] as const)),
    ...Paging,
  },
  Closed,
);

// ── consultations (会商) ───────────────────────────────────────────────
const Party = Type.Object(
  {
    name: Text(100),
    side: Type.Enum(['community', 'property', 'owners', 'department', 'utility', 'other'] as const),
    unitId: Type.Optional(Nullable(Id)),
  },
  Closed,
);
const FollowUp = Type.Object({ title: Text(200), unitId: Type.Optional(Nullable(Id)), deadline: Type.Optional(IsoTime) }, Closed);
export const CreateConsultationBody = Type.Object(
  {
    problemId: Id,
    title: Text(200),
    heldAt: IsoTime,
    decision: Type.Optional(Text(4000, 0)),
    parties: Type.Array(Party, { minItems: 2, maxItems: 30 }),
    tasks: Type.Optional(Type.Array(FollowUp, { maxItems: 50 })),
  },
  Closed,
);
export const DecisionBody = Type.Object({ decision: Text(4000) }, Closed);
export const AddTaskBody = FollowUp;
export const ConsultationTaskParams = Type.Object({ id: Id, taskId: Id });
export const ConsultationsQuery = Type.Object({ placeId: Type.Optional(Id), problemId: Type.Optional(Id), ...Paging }, Closed);

// ── livelihood projects (民生项目) ─────────────────────────────────────
export const CreateProjectBody = Type.Object(
  {
    title: Text(200),
    description: Type.Optional(Text(4000, 0)),
    placeId: Id,
    unitId: Type.Optional(Nullable(Id)),
    startsAt: Type.Optional(IsoTime),
    dueAt: Type.Optional(IsoTime),
    targets: Type.Array(Type.Object({ name: Text(50), unitLabel: Text(10), target: Type.Number({ exclusiveMinimum: 0, maximum: 1e9 }) }, Closed), {
      minItems: 1,
      maxItems: 20,
    }),
    problemIds: Type.Optional(Type.Array(Id, { maxItems: 50 })),
  },
  Closed,
);
export const ProgressBody = Type.Object(
  {
    entries: Type.Array(Type.Object({ targetId: Id, amount: Type.Number({ exclusiveMinimum: 0, maximum: 1e9 }) }, Closed), { minItems: 1, maxItems: 20 }),
    note: Type.Optional(Text(2000, 0)),
    at: Type.Optional(IsoTime),
  },
  Closed,
);
export const ProjectProblemsBody = Type.Object({ problemIds: Type.Array(Id, { minItems: 1, maxItems: 50 }) }, Closed);

export type CreateCampaignInput = Static<typeof CreateCampaignBody>;
export type CreateFacilityInput = Static<typeof CreateFacilityBody>;
export type CreateProjectInput = Static<typeof CreateProjectBody>;
export type RecordVisitInput = Static<typeof RecordVisitBody>;
export type PatrolRecordInput = Static<typeof PatrolRecordBody>;
