/** Hotlines and their duty rosters (值班表): who answers which line when. */
import { Type } from 'typebox';
import { ErrorSchema, IdParams } from '../../common/api';
import { requireActor } from '../auth/actor';
import { authorize } from '../auth/policy';
import type { AppContext } from '../context';
import { AppError, notFound } from '../errors';
import type { App } from '../http';
import { onDuty, overlappingShift, shiftsBetween } from './queries';

const Shift = Type.Object({
  id: Type.Integer(),
  hotline: Type.String(),
  userId: Type.Integer(),
  name: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
});
const iso = (t: number) => new Date(t).toISOString();
const MAX_SHIFT_MS = 24 * 3600_000;

export function dutyRoutes(app: App, ctx: AppContext) {
  app.get(
    '/api/hotlines',
    {
      schema: {
        tags: ['duty'],
        summary: 'Hotlines with who is on duty now',
        response: {
          200: Type.Array(
            Type.Object({
              code: Type.String(),
              name: Type.String(),
              phone: Type.Union([Type.String(), Type.Null()]),
              onDuty: Type.Array(Type.Object({ userId: Type.Integer(), name: Type.String() })),
            }),
          ),
          401: ErrorSchema,
        },
      },
    },
    async (req) => {
      authorize(requireActor(req), 'directory.read');
      const lines = await ctx.db.selectFrom('hotlines').selectAll().orderBy('code').execute();
      const now = ctx.clock.now();
      return Promise.all(
        lines.map(async (l) => ({
          code: l.code,
          name: l.name,
          phone: l.phone,
          onDuty: (await onDuty(ctx.db, l.code, now)).map((s) => ({ userId: s.user_id, name: s.name })),
        })),
      );
    },
  );

  app.get(
    '/api/duty-shifts',
    {
      schema: {
        tags: ['duty'],
        summary: 'The roster between two instants (at most 62 days)',
        querystring: Type.Object({
          hotline: Type.Optional(Type.String({ maxLength: 40 })),
          from: Type.String({ format: 'date-time' }),
          to: Type.String({ format: 'date-time' }),
        }),
        response: { 200: Type.Array(Shift), 400: ErrorSchema, 401: ErrorSchema },
      },
    },
    async (req) => {
      authorize(requireActor(req), 'directory.read');
      const from = Date.parse(req.query.from);
      const to = Date.parse(req.query.to);
      if (!(to > from) || to - from > 62 * 24 * 3600_000)
        throw new AppError('validation', 'to', { zh: '时间范围须大于0且不超过62天', en: 'the range must be positive and at most 62 days' });
      const rows = await shiftsBetween(ctx.db, req.query.hotline, from, to);
      return rows.map((s) => ({
        id: s.id,
        hotline: s.hotline,
        userId: s.user_id,
        name: s.name,
        startsAt: iso(s.starts_at),
        endsAt: iso(s.ends_at),
      }));
    },
  );

  app.post(
    '/api/duty-shifts',
    {
      schema: {
        tags: ['duty'],
        summary: 'Put a dispatcher on duty on a line (supervisors and admins)',
        body: Type.Object({
          hotline: Type.String({ minLength: 1, maxLength: 40 }),
          userId: Type.Integer({ minimum: 1 }),
          startsAt: Type.String({ format: 'date-time' }),
          endsAt: Type.String({ format: 'date-time' }),
        }),
        response: { 201: Shift, 400: ErrorSchema, 401: ErrorSchema, 403: ErrorSchema, 409: ErrorSchema, 422: ErrorSchema },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      authorize(actor, 'duty.write');
      const b = req.body;
      const start = Date.parse(b.startsAt);
      const end = Date.parse(b.endsAt);
      if (!(end > start))
        throw new AppError('validation', 'endsAt', { zh: '结束时间须晚于开始时间', en: 'the shift must end after it starts' });
      if (end - start > MAX_SHIFT_MS)
        throw new AppError('validation', 'endsAt', { zh: '一个班次不超过24小时', en: 'a shift lasts at most 24 hours' });
      const row = await ctx.db.transaction().execute(async (tx) => {
        const line = await tx.selectFrom('hotlines').select('code').where('code', '=', b.hotline).executeTakeFirst();
        if (!line) throw new AppError('unknown_reference', 'hotline');
        const user = await tx.selectFrom('users').select(['id', 'name', 'role', 'active']).where('id', '=', b.userId).executeTakeFirst();
        if (!user || !user.active) throw new AppError('unknown_reference', 'userId');
        if (user.role !== 'dispatcher')
          throw new AppError('rule_violation', 'userId', { zh: '只有受理员可以排班接听热线', en: 'only dispatchers answer hotlines' });
        if (await overlappingShift(tx, b.hotline, b.userId, start, end))
          throw new AppError('conflict', 'startsAt', { zh: '与该人员已有班次重叠', en: 'overlaps a shift this person already has' });
        const { id } = await tx
          .insertInto('duty_shifts')
          .values({
            hotline: b.hotline,
            user_id: b.userId,
            starts_at: start,
            ends_at: end,
            created_by: actor.id,
            created_at: ctx.clock.now(),
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        return { id, name: user.name };
      });
      reply.code(201);
      return { id: row.id, hotline: b.hotline, userId: b.userId, name: row.name, startsAt: iso(start), endsAt: iso(end) };
    },
  );

  app.delete(
    '/api/duty-shifts/:id',
    {
      schema: {
        tags: ['duty'],
        summary: 'Remove a shift',
        params: IdParams,
        response: { 200: Type.Object({ ok: Type.Boolean() }), 401: ErrorSchema, 403: ErrorSchema, 404: ErrorSchema },
      },
    },
    async (req) => {
      authorize(requireActor(req), 'duty.write');
      const res = await ctx.db.deleteFrom('duty_shifts').where('id', '=', req.params.id).executeTakeFirst();
      if (Number(res.numDeletedRows) === 0) throw notFound('id');
      return { ok: true };
    },
  );
}
