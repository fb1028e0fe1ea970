/** The signed-in user's inbox: messages about their own requests. */
import { Type } from 'typebox';
import { ErrorSchema, IdParams } from '../../common/api';
import { requireActor } from '../auth/actor';
import type { AppContext } from '../context';
import { notFound } from '../errors';
import type { App } from '../http';

const Message = Type.Object({
  id: Type.Integer(),
  orderId: Type.Union([Type.Integer(), Type.Null()]),
  kind: Type.String(),
  title: Type.String(),
  body: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export function inboxRoutes(app: App, ctx: AppContext) {
  app.get(
    '/api/me/messages',
    {
      schema: {
        tags: ['inbox'],
        summary: 'My messages, newest first',
        querystring: Type.Object({ unread: Type.Optional(Type.Boolean()), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) }),
        response: { 200: Type.Object({ items: Type.Array(Message), unread: Type.Integer() }), 401: ErrorSchema },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      let q = ctx.db.selectFrom('messages').selectAll().where('user_id', '=', actor.id);
      if (req.query.unread) q = q.where('read_at', 'is', null);
      const [rows, unread] = await Promise.all([
        q.orderBy('id', 'desc').limit(req.query.limit ?? 50).execute(),
        ctx.db.selectFrom('messages').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', actor.id).where('read_at', 'is', null).executeTakeFirstOrThrow(),
      ]);
      return {
        items: rows.map((m) => ({ id: m.id, orderId: m.order_id, kind: m.kind, title: m.title, body: m.body, createdAt: new Date(m.created_at).toISOString(), readAt: m.read_at === null ? null : new Date(m.read_at).toISOString() })),
        unread: Number(unread.n),
      };
    },
  );

  app.post(
    '/api/me/messages/:id/read',
    { schema: { tags: ['inbox'], summary: 'Mark one message read', params: IdParams, response: { 200: Type.Object({ ok: Type.Boolean() }), 401: ErrorSchema, 404: ErrorSchema } } },
    async (req) => {
      const actor = requireActor(req);
      const res = await ctx.db
        .updateTable('messages')
        .set({ read_at: ctx.clock.now() })
        .where('id', '=', req.params.id)
        .where('user_id', '=', actor.id)
        .where('read_at', 'is', null)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) {
        const exists = await ctx.db.selectFrom('messages').select('id').where('id', '=', req.params.id).where('user_id', '=', actor.id).executeTakeFirst();
        if (!exists) throw notFound('id');
      }
      return { ok: true };
    },
  );
}
