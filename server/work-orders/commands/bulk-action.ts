/**
 * One action over many orders (the supervisor's 批量催办 and the like): each item runs in its own
 * transaction against its own version, so one stale or refused item does not undo the others.
 */
import type { ActionBodies } from '../../../common/api';
import { roleMayTake, transitionOf } from '../../../common/lifecycle';
import type { ErrorBody } from '../../../common/errors';
import type { SessionActor } from '../../auth/actor';
import type { AppContext } from '../../context';
import { AppError, fromDatabaseError } from '../../errors';
import { runAction } from './index';

/** The actions that may be taken in bulk: flags and the reply review, all with only a note besides the version. */
export const BULK_ACTIONS = ['urge', 'supervise', 'approve_reply'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

export interface BulkItemResult {
  id: number;
  ok: boolean;
  status?: string;
  version?: number;
  error?: ErrorBody['error'];
}

/** Runs `action` on every item in turn and reports each outcome; 403 up front when the role may never take it. */
export async function runBulkAction(
  ctx: AppContext,
  actor: SessionActor,
  action: BulkAction,
  items: readonly { id: number; version: number }[],
  body: { note?: string },
): Promise<BulkItemResult[]> {
  if (!roleMayTake(transitionOf(action), actor.role)) throw new AppError('forbidden');
  const results: BulkItemResult[] = [];
  for (const item of items) {
    const itemBody = { ...body, version: item.version } as ActionBodies[BulkAction];
    try {
      const row = await ctx.db.transaction().execute((tx) => runAction(ctx, tx, actor, item.id, action, itemBody));
      results.push({ id: item.id, ok: true, status: row.status, version: row.version });
    } catch (err) {
      let e = err instanceof AppError ? err : fromDatabaseError(err);
      if (!e) {
        // Earlier items are committed; report this one as failed rather than lose their answers.
        ctx.log.error({ err, orderId: item.id, action }, 'bulk action item failed');
        e = new AppError('internal');
      }
      results.push({ id: item.id, ok: false, error: e.body().error });
    }
  }
  return results;
}
