/**
 * Request and response shapes of the administrator's API as TypeBox schemas: the routes validate
 * with them, the OpenAPI document shows them, and the commands take their Static types.
 */
import { Type, type Static, type TSchema } from 'typebox';
import { ErrorSchema } from '../../common/api';
import type { Priority } from '../../common/lifecycle';
import { ROLES } from '../../common/roles';
import { PLACE_LEVELS } from './place-tree';

const Id = Type.Integer({ minimum: 1, maximum: 2 ** 53 - 1 });
const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const IsoTime = Type.String({ format: 'date-time' });
/** Unknown properties are refused, so a misspelt or forbidden field (e.g. a place's parentId) is a 400, not ignored. */
const Closed = { additionalProperties: false } as const;

export const Errors = { 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema };

const Lat = Type.Number({ minimum: -90, maximum: 90 });
const Lng = Type.Number({ minimum: -180, maximum: 180 });
const Households = Type.Integer({ minimum: 0, maximum: 10_000_000 });
const Phone = Type.String({ pattern: '^[0-9+\\- ]{5,20}$' });

// ── places ─────────────────────────────────────────────────────────────
export const CreatePlaceBody = Type.Object(
  {
    parentId: Nullable(Id),
    level: Type.Enum(PLACE_LEVELS),
    name: Text(100),
    households: Type.Optional(Nullable(Households)),
    lat: Type.Optional(Nullable(Lat)),
    lng: Type.Optional(Nullable(Lng)),
  },
  Closed,
);
export type CreatePlaceInput = Static<typeof CreatePlaceBody>;

/** No parentId or level: a place never moves (see commands/places.ts). */
export const UpdatePlaceBody = Type.Object(
  {
    name: Type.Optional(Text(100)),
    households: Type.Optional(Nullable(Households)),
    lat: Type.Optional(Nullable(Lat)),
    lng: Type.Optional(Nullable(Lng)),
  },
  Closed,
);
export type UpdatePlaceInput = Static<typeof UpdatePlaceBody>;

export const AdminPlace = Type.Object({
  id: Id,
  parentId: Nullable(Id),
  level: Type.String(),
  name: Type.String(),
  path: Type.String(),
  streetId: Nullable(Id),
  communityId: Nullable(Id),
  compoundId: Nullable(Id),
  buildingId: Nullable(Id),
  households: Nullable(Type.Integer()),
  lat: Nullable(Type.Number()),
  lng: Nullable(Type.Number()),
  createdAt: IsoTime,
});

// ── unit kinds and units ───────────────────────────────────────────────
export const UnitKind = Type.Object({
  code: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$', description: 'lower-case letters, digits and _' }),
  nameZh: Text(50),
  nameEn: Text(80),
});
export const CreateUnitKindBody = Type.Object(UnitKind.properties, Closed);
export type CreateUnitKindInput = Static<typeof CreateUnitKindBody>;

export const CreateUnitBody = Type.Object({ name: Text(100), kind: Text(40), phone: Type.Optional(Nullable(Phone)) }, Closed);
export type CreateUnitInput = Static<typeof CreateUnitBody>;
export const UpdateUnitBody = Type.Object(
  {
    name: Type.Optional(Text(100)),
    kind: Type.Optional(Text(40)),
    phone: Type.Optional(Nullable(Phone)),
    active: Type.Optional(Type.Boolean()),
  },
  Closed,
);
export type UpdateUnitInput = Static<typeof UpdateUnitBody>;
export const CoverageBody = Type.Object({ placeIds: Type.Array(Id, { maxItems: 5000 }) }, Closed);

export const AdminUnit = Type.Object({
  id: Id,
  name: Type.String(),
  kind: Type.String(),
  phone: Nullable(Type.String()),
  active: Type.Boolean(),
  placeIds: Type.Array(Id),
  createdAt: IsoTime,
});

// ── categories ─────────────────────────────────────────────────────────
export const FIELD_DATATYPES = ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] as const;
export const LIST_DATATYPES: readonly string[] = ['singlevaluelist', 'multivaluelist'];
export const CATEGORY_KINDS = ['hardware', 'service', 'other'] as const;

const Limit = Type.String({ maxLength: 10, description: "'30m' minutes, '24h' clock hours, '7wd' working days" });
const SlaLimits = Type.Object({ signoff: Limit, response: Limit, resolution: Limit }, Closed);
/** Limits per priority; a priority left out falls back to the parent category's or the defaults. */
const Sla = Type.Object(
  { normal: Type.Optional(SlaLimits), urgent: Type.Optional(SlaLimits), emergency: Type.Optional(SlaLimits) },
  Closed,
);
const Choice = Type.Object({ key: Text(64), name: Text(100) }, Closed);
const Field = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }),
    label: Text(100),
    labelEn: Text(100),
    datatype: Type.Enum(FIELD_DATATYPES),
    required: Type.Optional(Type.Boolean()),
    values: Type.Optional(Type.Array(Choice, { maxItems: 100 })),
    description: Type.Optional(Nullable(Text(500, 0))),
  },
  Closed,
);
export type FieldInput = Static<typeof Field>;
export type SlaInput = Static<typeof Sla>;
// The three keys of Sla are exactly the priorities of common/lifecycle.ts.
const _slaCoversPriorities: Record<Priority, unknown> = {} as Required<SlaInput>;
void _slaCoversPriorities;

const CategoryProps = {
  code: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 64, description: 'url-safe slug: lower-case words joined by -' }),
  parentId: Nullable(Id),
  name: Text(100),
  nameEn: Text(100),
  kind: Type.Enum(CATEGORY_KINDS),
  defaultUnitKind: Nullable(Text(40)),
  keywords: Type.Array(Text(30), { maxItems: 50 }),
  sort: Type.Integer({ minimum: -100_000, maximum: 100_000 }),
  sla: Sla,
  fields: Type.Array(Field, { maxItems: 50 }),
};
export const CreateCategoryBody = Type.Object(
  {
    code: CategoryProps.code,
    parentId: Type.Optional(CategoryProps.parentId),
    name: CategoryProps.name,
    nameEn: CategoryProps.nameEn,
    kind: CategoryProps.kind,
    defaultUnitKind: Type.Optional(CategoryProps.defaultUnitKind),
    keywords: Type.Optional(CategoryProps.keywords),
    sort: Type.Optional(CategoryProps.sort),
    sla: Type.Optional(CategoryProps.sla),
    fields: Type.Optional(CategoryProps.fields),
  },
  Closed,
);
export type CreateCategoryInput = Static<typeof CreateCategoryBody>;
/** Every property optional; `sla` and `fields`, when given, replace the whole set. */
export const UpdateCategoryBody = Type.Object(
  {
    code: Type.Optional(CategoryProps.code),
    parentId: Type.Optional(CategoryProps.parentId),
    name: Type.Optional(CategoryProps.name),
    nameEn: Type.Optional(CategoryProps.nameEn),
    kind: Type.Optional(CategoryProps.kind),
    defaultUnitKind: Type.Optional(CategoryProps.defaultUnitKind),
    keywords: Type.Optional(CategoryProps.keywords),
    sort: Type.Optional(CategoryProps.sort),
    sla: Type.Optional(CategoryProps.sla),
    fields: Type.Optional(CategoryProps.fields),
    active: Type.Optional(Type.Boolean()),
  },
  Closed,
);
export type UpdateCategoryInput = Static<typeof UpdateCategoryBody>;

export const AdminCategory = Type.Object({
  id: Id,
  code: Type.String(),
  parentId: Nullable(Id),
  name: Type.String(),
  nameEn: Type.String(),
  kind: Type.String(),
  defaultUnitKind: Nullable(Type.String()),
  keywords: Type.Array(Type.String()),
  sort: Type.Integer(),
  active: Type.Boolean(),
  sla: Type.Record(Type.String(), Type.Object({ signoff: Type.String(), response: Type.String(), resolution: Type.String() })),
  fields: Type.Array(
    Type.Object({
      code: Type.String(),
      label: Type.String(),
      labelEn: Type.String(),
      datatype: Type.String(),
      required: Type.Boolean(),
      values: Type.Array(Type.Object({ key: Type.String(), name: Type.String() })),
      description: Nullable(Type.String()),
    }),
  ),
});

// ── holiday calendar ───────────────────────────────────────────────────
export const DAY_KINDS = ['holiday', 'workday'] as const;
const DateText = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', description: 'YYYY-MM-DD (Shanghai)' });
export const DateParams = Type.Object({ date: DateText });
export const YearParams = Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) });
export const CalendarDayBody = Type.Object({ kind: Type.Enum(DAY_KINDS), name: Text(50) }, Closed);
export const CalendarDay = Type.Object({ date: DateText, kind: Type.Enum(DAY_KINDS), name: Text(50) }, Closed);
export type CalendarDayInput = Static<typeof CalendarDay>;
/** A year's whole list, as the State Council notice gives it; it replaces what the year held. */
export const CalendarYearBody = Type.Array(CalendarDay, { maxItems: 366 });

// ── users ──────────────────────────────────────────────────────────────
const Password = Type.String({ minLength: 8, maxLength: 128 });
export const ListUsersQuery = Type.Object({
  role: Type.Optional(Type.Enum(ROLES)),
  unitId: Type.Optional(Id),
  placeId: Type.Optional(Id),
  q: Type.Optional(Text(50)),
  active: Type.Optional(Type.Boolean()),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});
export type ListUsersInput = Static<typeof ListUsersQuery>;
export const CreateUserBody = Type.Object(
  {
    username: Type.String({ pattern: '^[A-Za-z0-9._@-]{3,64}$' }),
    name: Text(50),
    phone: Type.Optional(Nullable(Phone)),
    role: Type.Enum(ROLES),
    unitId: Type.Optional(Nullable(Id)),
    placeId: Type.Optional(Nullable(Id)),
    password: Password,
  },
  Closed,
);
export type CreateUserInput = Static<typeof CreateUserBody>;
export const UpdateUserBody = Type.Object(
  {
    name: Type.Optional(Text(50)),
    phone: Type.Optional(Nullable(Phone)),
    role: Type.Optional(Type.Enum(ROLES)),
    unitId: Type.Optional(Nullable(Id)),
    placeId: Type.Optional(Nullable(Id)),
    active: Type.Optional(Type.Boolean()),
  },
  Closed,
);
export type UpdateUserInput = Static<typeof UpdateUserBody>;
export const ResetPasswordBody = Type.Object({ password: Password }, Closed);

export const AdminUser = Type.Object({
  id: Id,
  username: Type.String(),
  name: Type.String(),
  phone: Nullable(Type.String()),
  role: Type.String(),
  unitId: Nullable(Id),
  unitName: Nullable(Type.String()),
  placeId: Nullable(Id),
  placeName: Nullable(Type.String()),
  active: Type.Boolean(),
  createdAt: IsoTime,
});
export const UserList = Type.Object({
  items: Type.Array(AdminUser),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

// ── settings ───────────────────────────────────────────────────────────
export const SweepRulesBody = Type.Object(
  {
    urgeWhenLeft: Type.Number({ minimum: 0, maximum: 1, description: 'urge when this share of the resolution limit is left' }),
    superviseAfterWorkdays: Type.Integer({
      minimum: 0,
      maximum: 30,
      description: 'raise supervision (督办) after this many working days overdue',
    }),
    flagMultiple: Type.Number({ minimum: 1, maximum: 10, description: 'flag orders past this multiple of their limit' }),
  },
  Closed,
);

// ── audit ──────────────────────────────────────────────────────────────
export const AuditQuery = Type.Object({
  entity: Type.Optional(Text(40)),
  entityId: Type.Optional(Text(40)),
  actorId: Type.Optional(Id),
  beforeId: Type.Optional(Id),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
});
export type AuditQueryInput = Static<typeof AuditQuery>;
export const AuditEntry = Type.Object({
  id: Id,
  actor: Nullable(Type.Object({ id: Id, name: Type.String(), role: Nullable(Type.String()) })),
  action: Type.String(),
  entity: Type.String(),
  entityId: Type.String(),
  before: Type.Unknown(),
  after: Type.Unknown(),
  at: IsoTime,
});
export const AuditPage = Type.Object({ items: Type.Array(AuditEntry), nextBeforeId: Nullable(Id) });
