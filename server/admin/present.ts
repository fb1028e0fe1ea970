/** Rows → the administrator's API shapes (also what the audit trail stores as before/after). */
import { maskPhone } from '../../common/mask';
import type { Selectable } from 'kysely';
import type { AuditLogTable, PlaceRow, UnitKindsTable, UnitsTable } from '../db/schema';
import type { LoadedCategory, UserView } from './queries';

const iso = (ms: number) => new Date(ms).toISOString();

export function presentPlace(p: PlaceRow) {
  return {
    id: p.id,
    parentId: p.parent_id,
    level: p.level,
    name: p.name,
    path: p.path,
    streetId: p.street_id,
    communityId: p.community_id,
    compoundId: p.compound_id,
    buildingId: p.building_id,
    households: p.households,
    lat: p.lat,
    lng: p.lng,
    createdAt: iso(p.created_at),
  };
}

export function presentUnitKind(k: Selectable<UnitKindsTable>) {
  return { code: k.code, nameZh: k.name_zh, nameEn: k.name_en };
}

export function presentUnit(u: Selectable<UnitsTable>, placeIds: number[]) {
  return { id: u.id, name: u.name, kind: u.kind, phone: u.phone, active: u.active === 1, placeIds, createdAt: iso(u.created_at) };
}

export function presentCategory({ row, sla, fields }: LoadedCategory) {
  return {
    id: row.id,
    code: row.code,
    parentId: row.parent_id,
    name: row.name,
    nameEn: row.name_en,
    kind: row.kind,
    defaultUnitKind: row.default_unit_kind,
    keywords: row.keywords.split(/\s+/).filter(Boolean),
    sort: row.sort,
    active: row.active === 1,
    sla: Object.fromEntries(sla.map((s) => [s.priority, { signoff: s.signoff, response: s.response, resolution: s.resolution }])),
    fields: fields.map((f) => ({
      code: f.code,
      label: f.label,
      labelEn: f.label_en,
      datatype: f.datatype,
      required: f.required === 1,
      values: f.values_json ? (JSON.parse(f.values_json) as { key: string; name: string }[]) : [],
      description: f.description,
    })),
  };
}

/** An account; the phone is whole only when `wholePhone` (an administrator editing it), else 138****1234. */
export function presentUser(u: UserView, wholePhone: boolean) {
  return {
    id: u.id,
    username: u.username,
    name: u.name,
    phone: wholePhone ? u.phone : maskPhone(u.phone),
    role: u.role,
    unitId: u.unit_id,
    unitName: u.unit_name ?? null,
    placeId: u.place_id,
    placeName: u.place_name ?? null,
    active: u.active === 1,
    createdAt: iso(u.created_at),
  };
}

export function presentAudit(a: Selectable<AuditLogTable> & { actor_name: string | null }) {
  return {
    id: a.id,
    actor: a.actor_id !== null ? { id: a.actor_id, name: a.actor_name ?? '', role: a.actor_role } : null,
    action: a.action,
    entity: a.entity,
    entityId: a.entity_id,
    before: a.before_json ? (JSON.parse(a.before_json) as unknown) : null,
    after: a.after_json ? (JSON.parse(a.after_json) as unknown) : null,
    at: iso(a.at),
  };
}
