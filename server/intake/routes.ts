/** Intake helpers for the hotline seat and the resident page: possible duplicates while typing. */
import { Type } from 'typebox';
import { ErrorSchema } from '../../common/api';
import { requireActor } from '../auth/actor';
import { authorize } from '../auth/policy';
import type { AppContext } from '../context';
import type { App } from '../http';
import { findSimilarOrders } from './similar';

export function intakeRoutes(app: App, ctx: AppContext) {
  app.get(
    '/api/intake/similar',
    {
      schema: {
        tags: ['intake'],
        summary: 'Open orders in the same compound from the last 30 days with similar text, scored 0–1',
        querystring: Type.Object({ placeId: Type.Integer({ minimum: 1 }), q: Type.String({ minLength: 1, maxLength: 4000 }), excludeId: Type.Optional(Type.Integer({ minimum: 1 })) }),
        response: {
          200: Type.Array(Type.Object({ id: Type.Integer(), number: Type.String(), title: Type.String(), status: Type.String(), placeName: Type.Union([Type.String(), Type.Null()]), version: Type.Integer(), receivedAt: Type.String(), score: Type.Number() })),
          400: ErrorSchema,
          401: ErrorSchema,
          403: ErrorSchema,
        },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      authorize(actor, 'orders.create');
      return findSimilarOrders(ctx.db, actor, { placeId: req.query.placeId, text: req.query.q, now: ctx.clock.now(), ...(req.query.excludeId ? { excludeId: req.query.excludeId } : {}) });
    },
  );
}
