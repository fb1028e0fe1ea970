/** Read-only directory every signed-in user needs: places, units, categories, the calendar. */
import { Type } from 'typebox';
import { ErrorSchema, IdParams } from '../../common/api';
import { requireActor } from '../auth/actor';
import { authorize } from '../auth/policy';
import type { AppContext } from '../context';
import { notFound } from '../errors';
import type { App } from '../http';

const Place = Type.Object({
  id: Type.Integer(),
  parentId: Type.Union([Type.Integer(), Type.Null()]),
  level: Type.String(),
  name: Type.String(),
  households: Type.Union([Type.Integer(), Type.Null()]),
  lat: Type.Union([Type.Number(), Type.Null()]),
  lng: Type.Union([Type.Number(), Type.Null()]),
  hasChildren: Type.Boolean(),
});

export function directoryRoutes(app: App, ctx: AppContext) {
  app.get(
    '/api/places',
    {
      schema: {
        tags: ['directory'],
        summary: 'Children of a place (the roots without parentId); or search by name with q',
        querystring: Type.Object({ parentId: Type.Optional(Type.Integer({ minimum: 1 })), q: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })), level: Type.Optional(Type.String({ maxLength: 20 })) }),
        response: { 200: Type.Array(Place), 401: ErrorSchema, 403: ErrorSchema },
      },
    },
    async (req) => {
      authorize(requireActor(req), 'directory.read');
      let q = ctx.db
        .selectFrom('places as p')
        .select(['p.id', 'p.parent_id', 'p.level', 'p.name', 'p.households', 'p.lat', 'p.lng'])
        .select((eb) => eb.exists(eb.selectFrom('places as c').select('c.id').whereRef('c.parent_id', '=', 'p.id')).as('has_children'));
      if (req.query.q) q = q.where('p.name', 'like', `%${req.query.q.replace(/[%_\\]/g, '')}%`).limit(50);
      else q = req.query.parentId ? q.where('p.parent_id', '=', req.query.parentId) : q.where('p.parent_id', 'is', null);
      if (req.query.level) q = q.where('p.level', '=', req.query.level);
      const rows = await q.orderBy('p.id').execute();
      return rows.map((r) => ({ id: r.id, parentId: r.parent_id, level: r.level, name: r.name, households: r.households, lat: r.lat, lng: r.lng, hasChildren: Boolean(r.has_children) }));
    },
  );

  app.get(
    '/api/places/compounds',
    {
      schema: {
        tags: ['directory'],
        summary: 'Every compound (小区), or those under a street or community, with its community and street: the place picker before anything is typed',
        querystring: Type.Object({ under: Type.Optional(Type.Integer({ minimum: 1, description: 'a street or community id' })) }),
        response: {
          200: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), communityId: Type.Union([Type.Integer(), Type.Null()]), communityName: Type.Union([Type.String(), Type.Null()]), streetName: Type.Union([Type.String(), Type.Null()]), households: Type.Union([Type.Integer(), Type.Null()]) })),
          400: ErrorSchema,
          401: ErrorSchema,
          404: ErrorSchema,
        },
      },
    },
    async (req) => {
      authorize(requireActor(req), 'directory.read');
      let q = ctx.db
        .selectFrom('places as p')
        .leftJoin('places as c', 'c.id', 'p.community_id')
        .leftJoin('places as s', 's.id', 'p.street_id')
        .select(['p.id', 'p.name', 'p.community_id', 'c.name as community_name', 's.name as street_name', 'p.households'])
        .where('p.level', '=', 'compound');
      if (req.query.under) {
        const under = await ctx.db.selectFrom('places').select(['id', 'path']).where('id', '=', req.query.under).executeTakeFirst();
        if (!under) throw notFound('under');
        q = q.where('p.path', 'like', `${under.path}%`);
      }
      // A district has tens to a few hundred compounds; the cap keeps a misconfigured tree from flooding the picker.
      const rows = await q.orderBy('s.name').orderBy('c.name').orderBy('p.name').limit(2000).execute();
      return rows.map((r) => ({ id: r.id, name: r.name, communityId: r.community_id, communityName: r.community_name, streetName: r.street_name, households: r.households }));
    },
  );

  app.get(
    '/api/places/:id',
    { schema: { tags: ['directory'], summary: 'One place with its ancestors', params: IdParams, response: { 200: Type.Object({ place: Place, ancestors: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), level: Type.String() })) }), 401: ErrorSchema, 404: ErrorSchema } } },
    async (req) => {
      authorize(requireActor(req), 'directory.read');
      const p = await ctx.db.selectFrom('places').selectAll().where('id', '=', req.params.id).executeTakeFirst();
      if (!p) throw notFound('id');
      const ids = p.path.split('/').filter(Boolean).map(Number);
      const anc = await ctx.db.selectFrom('places').select(['id', 'name', 'level']).where('id', 'in', ids).execute();
      const children = await ctx.db.selectFrom('places').select('id').where('parent_id', '=', p.id).limit(1).execute();
      return {
        place: { id: p.id, parentId: p.parent_id, level: p.level, name: p.name, households: p.households, lat: p.lat, lng: p.lng, hasChildren: children.length > 0 },
        ancestors: ids.map((id) => anc.find((a) => a.id === id)!).filter(Boolean),
      };
    },
  );

  app.get(
    '/api/units',
    {
      schema: {
        tags: ['directory'],
        summary: 'Responsible units with their kind and covered places',
        querystring: Type.Object({ kind: Type.Optional(Type.String({ maxLength: 40 })) }),
        response: { 200: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), kind: Type.String(), kindName: Type.String(), kindNameEn: Type.String(), phone: Type.Union([Type.String(), Type.Null()]), placeIds: Type.Array(Type.Integer()) })), 401: ErrorSchema },
      },
    },
    async (req) => {
      authorize(requireActor(req), 'directory.read');
      let q = ctx.db.selectFrom('units as u').innerJoin('unit_kinds as k', 'k.code', 'u.kind').select(['u.id', 'u.name', 'u.kind', 'u.phone', 'k.name_zh', 'k.name_en']).where('u.active', '=', 1);
      if (req.query.kind) q = q.where('u.kind', '=', req.query.kind);
      const [units, covers] = await Promise.all([q.orderBy('u.id').execute(), ctx.db.selectFrom('unit_places').selectAll().execute()]);
      return units.map((u) => ({ id: u.id, name: u.name, kind: u.kind, kindName: u.name_zh, kindNameEn: u.name_en, phone: u.phone, placeIds: covers.filter((c) => c.unit_id === u.id).map((c) => c.place_id) }));
    },
  );

  const Field = Type.Object({ code: Type.String(), label: Type.String(), labelEn: Type.String(), datatype: Type.String(), required: Type.Boolean(), values: Type.Array(Type.Object({ key: Type.String(), name: Type.String() })), description: Type.Union([Type.String(), Type.Null()]) });
  const Sla = Type.Object({ priority: Type.String(), signoff: Type.String(), response: Type.String(), resolution: Type.String() });
  app.get(
    '/api/categories',
    {
      schema: {
        tags: ['directory'],
        summary: 'The category tree (flat, with parentId), deadlines per priority and extra questions',
        response: { 200: Type.Array(Type.Object({ id: Type.Integer(), code: Type.String(), parentId: Type.Union([Type.Integer(), Type.Null()]), name: Type.String(), nameEn: Type.String(), kind: Type.String(), defaultUnitKind: Type.Union([Type.String(), Type.Null()]), keywords: Type.String(), sla: Type.Array(Sla), fields: Type.Array(Field) })), 401: ErrorSchema },
      },
    },
    async (req) => {
      authorize(requireActor(req), 'directory.read');
      const [cats, slas, fields] = await Promise.all([
        ctx.db.selectFrom('categories').selectAll().where('active', '=', 1).orderBy('sort').orderBy('id').execute(),
        ctx.db.selectFrom('category_sla').selectAll().execute(),
        ctx.db.selectFrom('category_fields').selectAll().orderBy('sort').execute(),
      ]);
      return cats.map((c) => ({
        id: c.id,
        code: c.code,
        parentId: c.parent_id,
        name: c.name,
        nameEn: c.name_en,
        kind: c.kind,
        defaultUnitKind: c.default_unit_kind,
        keywords: c.keywords,
        sla: slas.filter((s) => s.category_id === c.id).map((s) => ({ priority: s.priority, signoff: s.signoff, response: s.response, resolution: s.resolution })),
        fields: fields
          .filter((f) => f.category_id === c.id)
          .map((f) => ({ code: f.code, label: f.label, labelEn: f.label_en, datatype: f.datatype, required: f.required === 1, values: f.values_json ? JSON.parse(f.values_json) : [], description: f.description })),
      }));
    },
  );

  app.get(
    '/api/calendar',
    {
      schema: {
        tags: ['directory'],
        summary: 'Holiday and make-up working days (调休) of a year',
        querystring: Type.Object({ year: Type.Integer({ minimum: 2000, maximum: 2100 }) }),
        response: { 200: Type.Array(Type.Object({ date: Type.String(), kind: Type.String(), name: Type.String() })), 400: ErrorSchema, 401: ErrorSchema },
      },
    },
    async (req) => {
      authorize(requireActor(req), 'directory.read');
      const y = String(req.query.year);
      return ctx.db.selectFrom('calendar_days').selectAll().where('date', '>=', `${y}-01-01`).where('date', '<=', `${y}-12-31`).orderBy('date').execute();
    },
  );
}
