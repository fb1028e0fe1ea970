/** Request and response shapes of the supervision API (TypeBox): problems, the ledger, inspections. */
import { Type, type Static, type TSchema } from 'typebox';
import { ErrorSchema } from '../../common/api';

const Id = Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 });
const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const IsoTime = Type.String({ format: 'date-time' });
const Closed = { additionalProperties: false } as const;
const Ids = Type.Array(Id, { maxItems: 200 });
const Photos = Type.Array(Id, { maxItems: 9 });
const Period = Type.String({ pattern: '^\\d{4}(-\\d{2}){0,2}$', description: 'YYYY, YYYY-MM or YYYY-MM-DD' });

export const Errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema };
export const Any = Type.Unknown();

export const Paging = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0 })),
};

export const ItemParams = Type.Object({ id: Id, itemId: Id });
export const FileParams = Type.Object({ id: Id, attachmentId: Id });
export const OrderLinkParams = Type.Object({ id: Id, orderId: Id });

// ── problems ──────────────────────────────────────────────────────────
export const CreateProblemBody = Type.Object(
  {
    title: Text(200),
    description: Type.Optional(Text(4000, 0)),
    placeId: Id,
    categoryId: Type.Optional(Nullable(Id)),
    orderIds: Type.Optional(Ids),
  },
  Closed,
);
export type CreateProblemInput = Static<typeof CreateProblemBody>;
export const ListProblemsQuery = Type.Object({ placeId: Type.Optional(Id), categoryId: Type.Optional(Id), ...Paging }, Closed);
export const LinkOrdersBody = Type.Object({ orderIds: Type.Array(Id, { minItems: 1, maxItems: 200 }) }, Closed);
export const CandidatesQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })) }, Closed);
export const PullUnsatisfiedBody = Type.Object({ from: IsoTime, to: IsoTime }, Closed);

// ── ledger ────────────────────────────────────────────────────────────
export const LedgerStatusSchema = Type.Union([
  Type.Literal('open'),
  Type.Literal('rectifying'),
  Type.Literal('awaiting_recheck'),
  Type.Literal('closed'),
]);
export const CreateEntryBody = Type.Object(
  {
    title: Text(200),
    placeId: Id,
    problemId: Type.Optional(Nullable(Id)),
    categoryId: Type.Optional(Nullable(Id)),
    unitId: Type.Optional(Nullable(Id)),
    responsiblePerson: Type.Optional(Nullable(Text(64, 0))),
    measures: Type.Optional(Text(2000, 0)),
    deadline: Type.Optional(Nullable(IsoTime)),
  },
  Closed,
);
export type CreateEntryBodyInput = Static<typeof CreateEntryBody>;
export const UpdateEntryBody = Type.Object(
  {
    title: Type.Optional(Text(200)),
    problemId: Type.Optional(Nullable(Id)),
    categoryId: Type.Optional(Nullable(Id)),
    unitId: Type.Optional(Nullable(Id)),
    responsiblePerson: Type.Optional(Nullable(Text(64, 0))),
    measures: Type.Optional(Text(2000, 0)),
    deadline: Type.Optional(Nullable(IsoTime)),
  },
  { ...Closed, minProperties: 1 },
);
export const ListLedgerQuery = Type.Object(
  {
    status: Type.Optional(LedgerStatusSchema),
    placeId: Type.Optional(Id),
    problemId: Type.Optional(Id),
    unitId: Type.Optional(Id),
    categoryId: Type.Optional(Id),
    inspectionId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1, description: "entries opened from this inspection's failed checks" })),
    ...Paging,
  },
  Closed,
);
export const NoteBody = Type.Object({ text: Text(2000), attachmentIds: Type.Optional(Photos) }, Closed);
export const TransitionBody = Type.Object(
  { evidence: Type.Optional(Text(2000, 0)), comment: Type.Optional(Text(1000, 0)), deadline: Type.Optional(Nullable(IsoTime)) },
  Closed,
);
export const ActionParams = Type.Object({
  id: Id,
  action: Type.Union([Type.Literal('start'), Type.Literal('submit'), Type.Literal('close'), Type.Literal('reject')]),
});

export const ImportReportSchema = Type.Object({
  total: Type.Integer(),
  imported: Type.Integer(),
  skipped: Type.Integer(),
  errors: Type.Array(Type.Object({ row: Type.Integer(), column: Type.String(), message_zh: Type.String(), message_en: Type.String() })),
});

// ── inspections ───────────────────────────────────────────────────────
export const CreateTemplateBody = Type.Object(
  {
    name: Text(100),
    description: Type.Optional(Text(1000, 0)),
    items: Type.Array(Type.Object({ item: Text(100), criterion: Text(100), weight: Type.Integer({ minimum: 1, maximum: 100 }) }, Closed), {
      minItems: 1,
      maxItems: 100,
    }),
  },
  Closed,
);
export const CreatePlanBody = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('sample'),
      name: Text(100),
      period: Period,
      templateId: Type.Optional(Id),
      sampleSize: Type.Integer({ minimum: 1, maximum: 1000 }),
      seed: Type.Optional(Text(64)),
      placeId: Type.Optional(Id),
    },
    Closed,
  ),
  Type.Object(
    {
      kind: Type.Literal('look_back'),
      name: Type.Optional(Text(100)),
      period: Period,
      templateId: Type.Optional(Id),
      compoundIds: Type.Array(Id, { minItems: 1, maxItems: 500 }),
    },
    Closed,
  ),
]);
export type CreatePlanInput = Static<typeof CreatePlanBody>;
export const ListPlansQuery = Type.Object({ ...Paging }, Closed);
export const ListInspectionsQuery = Type.Object(
  {
    status: Type.Optional(
      Type.String({ pattern: '^(pending|rectifying|passed)(,(pending|rectifying|passed))*$', maxLength: 40, description: 'comma list: pending, rectifying, passed' }),
    ),
    ...Paging,
  },
  Closed,
);
export const RecordBody = Type.Object(
  {
    results: Type.Array(
      Type.Object(
        {
          itemId: Id,
          outcome: Type.Union([Type.Literal('pass'), Type.Literal('fail')]),
          note: Type.Optional(Text(1000, 0)),
          attachmentIds: Type.Optional(Photos),
        },
        Closed,
      ),
      { minItems: 1, maxItems: 100 },
    ),
    deadline: Type.Optional(IsoTime),
  },
  Closed,
);
export const RecheckBody = Type.Object(
  {
    outcome: Type.Union([Type.Literal('pass'), Type.Literal('fail')]),
    note: Type.Optional(Text(1000, 0)),
    attachmentIds: Type.Optional(Photos),
    deadline: Type.Optional(IsoTime),
  },
  Closed,
);

// ── special supervision (专项督办, 每月一题) ───────────────────────────
const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });
export const MonthParams = Type.Object({ month: Month });
export const TaskParams = Type.Object({ id: Id, taskId: Id });
export const SpecialBody = Type.Object({ leadUnitId: Id, month: Type.Optional(Month), theme: Type.Optional(Text(200)) }, Closed);
export const TaskBody = Type.Object({ title: Text(200), unitId: Type.Optional(Nullable(Id)), deadline: IsoTime }, Closed);
