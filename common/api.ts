/**
 * The API's request and response shapes as TypeBox schemas: the server validates with them, the
 * OpenAPI document is generated from them, and the web client types its calls with them.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { ACTIONS, CHANNELS, PRIORITIES, RESOLUTIONS, RETURN_REASONS, SATISFACTIONS, STATUSES } from './lifecycle';

const Id = Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 });
const Text = (max: number, min = 0) => Type.String({ minLength: min, maxLength: max });
const Enum = <T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v))) as unknown as TSchema;
const IsoTime = Type.String({ format: 'date-time' });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const IdParams = Type.Object({ id: Id });

export const ErrorSchema = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    message_zh: Type.String(),
    message_en: Type.String(),
    field: Type.Optional(Type.String()),
  }),
});

// ── auth ────────────────────────────────────────────────────────────────
export const LoginBody = Type.Object(
  { username: Text(64, 1), password: Text(128, 1) },
  { description: 'username, or the phone number for residents' },
);
export const UserSummary = Type.Object({
  id: Id,
  username: Type.String(),
  name: Type.String(),
  role: Type.String(),
  unitId: Nullable(Id),
  unitName: Nullable(Type.String()),
  placeId: Nullable(Id),
  placeName: Nullable(Type.String()),
  phone: Nullable(Type.String()),
});
export const CreateTokenBody = Type.Object({ name: Text(64, 1) });

// ── work orders ────────────────────────────────────────────────────────
export const CreateOrderBody = Type.Object({
  title: Text(100, 2),
  description: Text(4000),
  categoryId: Id,
  placeId: Id,
  priority: Type.Optional(Enum(PRIORITIES)),
  channel: Type.Optional(Enum(CHANNELS)),
  address: Type.Optional(Text(200)),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
  lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  callerName: Type.Optional(Text(50)),
  hotline: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'the line the call came in on (GET /api/hotlines); the caller’s taker is recorded' })),
  callerPhone: Type.Optional(Type.String({ pattern: '^[0-9+\\- ]{5,20}$' })),
  anonymous: Type.Optional(Type.Boolean()),
  attributes: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.Unknown())),
  attachmentIds: Type.Optional(Type.Array(Id, { maxItems: 9 })),
});
export type CreateOrderInput = Static<typeof CreateOrderBody>;

export const ListOrdersQuery = Type.Object({
  status: Type.Optional(Type.String({ description: 'comma list of statuses', maxLength: 200 })),
  categoryId: Type.Optional(Id),
  placeId: Type.Optional(Id),
  unitId: Type.Optional(Id),
  channel: Type.Optional(Enum(CHANNELS)),
  priority: Type.Optional(Enum(PRIORITIES)),
  overdue: Type.Optional(Type.Boolean()),
  supervised: Type.Optional(Type.Boolean()),
  extensionRequested: Type.Optional(Type.Boolean({ description: 'true: orders with an extension request awaiting a ruling; false: without' })),
  from: Type.Optional(IsoTime),
  to: Type.Optional(IsoTime),
  q: Type.Optional(Text(100, 1)),
  mine: Type.Optional(Type.Boolean({ description: 'only orders reported by me' })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  sort: Type.Optional(
    Enum(['received_at', '-received_at', 'resolution_due_at', '-resolution_due_at', 'updated_at', '-updated_at'] as const),
  ),
});
export type ListOrdersInput = Static<typeof ListOrdersQuery>;

const Version = Type.Integer({ minimum: 1, description: 'the order version this request was made against' });
const Note = Type.Optional(Text(2000));
const UnitChoice = { leadUnitId: Id, coUnitIds: Type.Optional(Type.Array(Id, { maxItems: 10 })) };

/** The body of each lifecycle action (POST /api/work-orders/{id}/{action}). */
export const ACTION_BODIES = {
  dispatch: Type.Object({ version: Version, ...UnitChoice, note: Note }),
  answer_directly: Type.Object({ version: Version, reply: Text(4000, 1) }),
  accept: Type.Object({ version: Version, note: Note }),
  request_return: Type.Object({ version: Version, reason: Enum(RETURN_REASONS), note: Text(2000, 1) }),
  approve_return: Type.Object({ version: Version, note: Note }),
  reject_return: Type.Object({ version: Version, note: Note }),
  contact: Type.Object({ version: Version, method: Type.Optional(Enum(['phone', 'visit', 'message'] as const)), note: Note }),
  request_extension: Type.Object({ version: Version, until: IsoTime, reason: Text(2000, 1) }),
  approve_extension: Type.Object({ version: Version, note: Note }),
  reject_extension: Type.Object({ version: Version, note: Note }),
  urge: Type.Object({ version: Version, note: Note }),
  supervise: Type.Object({ version: Version, note: Note }),
  reply: Type.Object({ version: Version, text: Text(4000, 1), attachmentIds: Type.Optional(Type.Array(Id, { maxItems: 9 })) }),
  approve_reply: Type.Object({ version: Version, note: Note }),
  reject_reply: Type.Object({ version: Version, note: Text(2000, 1) }),
  rate: Type.Object({ version: Version, resolution: Enum(RESOLUTIONS), satisfaction: Enum(SATISFACTIONS), comment: Note }),
  redo: Type.Object({ version: Version, note: Text(2000, 1) }),
  close: Type.Object({ version: Version, note: Note }),
  cancel: Type.Object({ version: Version, reason: Text(2000, 1) }),
  merge: Type.Object({ version: Version, targetId: Id }),
  transfer: Type.Object({ version: Version, ...UnitChoice, note: Text(2000, 1) }),
  reverify: Type.Object({ version: Version, outcome: Enum(['confirmed', 'not_resolved'] as const), note: Note }),
  comment: Type.Object({
    version: Type.Optional(Version),
    text: Text(2000, 1),
    public: Type.Optional(Type.Boolean()),
    attachmentIds: Type.Optional(Type.Array(Id, { maxItems: 9 })),
  }),
} satisfies Record<(typeof ACTIONS)[number], TSchema>;

export type ActionBodies = { [K in keyof typeof ACTION_BODIES]: Static<(typeof ACTION_BODIES)[K]> };

const NamedRef = Nullable(Type.Object({ id: Id, name: Type.String() }));

export const OrderSummary = Type.Object({
  id: Id,
  number: Type.String(),
  title: Type.String(),
  status: Enum(STATUSES),
  priority: Type.String(),
  channel: Type.String(),
  version: Type.Integer(),
  category: NamedRef,
  place: NamedRef,
  placeLabel: Type.String({ description: 'compound / building as people say it' }),
  leadUnit: NamedRef,
  callerName: Nullable(Type.String()),
  callerPhone: Nullable(Type.String({ description: 'masked 138****1234 in lists' })),
  receivedAt: IsoTime,
  signoffDueAt: Nullable(IsoTime),
  resolutionDueAt: Nullable(IsoTime),
  overdue: Type.Boolean(),
  urgeCount: Type.Integer(),
  supervisionLevel: Type.Integer(),
  updatedAt: IsoTime,
});
export type OrderSummaryDto = Static<typeof OrderSummary>;

export const OrderList = Type.Object({
  items: Type.Array(OrderSummary),
  total: Type.Integer({ description: 'exact up to 10,000; see totalCapped' }),
  totalCapped: Type.Boolean({ description: 'true when more orders match than total says' }),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export const EventDto = Type.Object({
  id: Id,
  action: Type.String(),
  actor: NamedRef,
  actorRole: Nullable(Type.String()),
  at: IsoTime,
  fromStatus: Nullable(Type.String()),
  toStatus: Nullable(Type.String()),
  public: Type.Boolean(),
  payload: Type.Unknown(),
});

export const AttachmentDto = Type.Object({
  id: Id,
  phase: Type.String(),
  mime: Type.String(),
  size: Type.Integer(),
  url: Type.String(),
  originalName: Nullable(Type.String()),
  createdAt: IsoTime,
});

export const OrderDetail = Type.Object({
  ...OrderSummary.properties,
  description: Type.String(),
  address: Nullable(Type.String()),
  lat: Nullable(Type.Number()),
  lng: Nullable(Type.Number()),
  anonymous: Type.Boolean(),
  attributes: Type.Unknown(),
  coUnits: Type.Array(Type.Object({ id: Id, name: Type.String() })),
  mergedIntoId: Nullable(Id),
  dispatchedAt: Nullable(IsoTime),
  responseDueAt: Nullable(IsoTime),
  resolutionLimit: Nullable(Type.String()),
  acceptedAt: Nullable(IsoTime),
  contactedAt: Nullable(IsoTime),
  repliedAt: Nullable(IsoTime),
  closedAt: Nullable(IsoTime),
  extensionRequestedUntil: Nullable(IsoTime),
  redoCount: Type.Integer(),
  reopenCount: Type.Integer(),
  returnCount: Type.Integer(),
  flagged3x: Type.Boolean(),
  ratingResolution: Nullable(Type.String()),
  ratingSatisfaction: Nullable(Type.String()),
  verifyPending: Type.Boolean(),
  events: Type.Array(EventDto),
  attachments: Type.Array(AttachmentDto),
  actions: Type.Array(Type.String(), { description: 'what the caller may do now' }),
});
export type OrderDetailDto = Static<typeof OrderDetail>;
