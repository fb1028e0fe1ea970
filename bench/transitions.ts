/**
 * Random transitions after a benchmark load (issue 6 point 5: check-rollups must find no difference
 * after the load and after a run of random transitions). Through the app's HTTP API, as its people:
 * - fresh orders walked to random statuses, urged, redone and re-verified (server/test/walk.ts's
 *   randomWalks, as the rollups' consistency test does);
 * - loaded orders, picked at random among the open ones across the whole history, each given one
 *   action the supervisor or the dispatcher may take on it now (urge, supervise, approve or reject
 *   a reply, rate, close, redo, cancel, decide a return or an extension), so that cells of old days
 *   and old deadlines move too.
 */
import type { Db } from '../server/db';
import type { SeededIds } from '../server/demo/seed';
import { rng } from '../server/demo/generate';
import { loginAs } from '../server/test/harness';
import { randomWalks, signIn, Walker } from '../server/test/walk';
import { OPEN_STATUSES } from '../common/lifecycle';

/** The body of each action taken on a loaded order (beside its version). */
const BODIES: Record<string, Record<string, unknown>> = {
  urge: { note: '请尽快办理' },
  supervise: { note: '区级督办' },
  approve_reply: {},
  reject_reply: { note: '答复不完整' },
  rate: { resolution: 'resolved', satisfaction: 'basically' },
  close: {},
  redo: { note: '单位责任' },
  cancel: { reason: '重复来电' },
  approve_return: {},
  reject_return: {},
  approve_extension: {},
  reject_extension: {},
};

/**
 * Ids of `n` open loaded orders drawn at random from the whole open backlog (read per open status
 * through the status index; as large as the backlog, not the history), which holds orders of
 * every age: the recent ones still with their units, the older ones waiting for a rating or a ruling.
 */
export async function openOrderIds(db: Db, n: number, seed: number): Promise<number[]> {
  const g = rng(seed);
  const open: number[] = [];
  for (const status of OPEN_STATUSES) {
    const rows = await db.selectFrom('work_orders').select('id').where('status', '=', status).orderBy('id').execute();
    for (const r of rows) open.push(Number(r.id));
  }
  // A partial Fisher–Yates shuffle: the first n places hold a uniform sample.
  const k = Math.min(n, open.length);
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(g.next() * (open.length - i));
    [open[i], open[j]] = [open[j]!, open[i]!];
  }
  return open.slice(0, k);
}

export interface TransitionsRun {
  walks: number;
  /** loaded orders acted on, by action */
  actions: Record<string, number>;
  ms: number;
}

export async function randomTransitions(url: string, ids: SeededIds, openIds: number[], walks: number, seed: number): Promise<TransitionsRun> {
  const started = Date.now();
  const cast = await signIn({ url, login: (username) => loginAs(url, username) });
  await randomWalks(new Walker({ ids }, cast), walks, seed);
  const g = rng(seed + 1);
  const actions: Record<string, number> = {};
  for (const id of openIds) {
    for (const by of g.next() < 0.5 ? [cast.supervisor, cast.dispatcher] : [cast.dispatcher, cast.supervisor]) {
      const order = (await by.get(`/api/work-orders/${id}`)).body;
      const possible = ((order.actions ?? []) as string[]).filter((a) => a in BODIES);
      if (!possible.length) continue;
      const action = g.pick(possible);
      const res = await by.post(`/api/work-orders/${id}/${action.replaceAll('_', '-')}`, { version: order.version, ...BODIES[action] });
      // 409: the server's deadline sweep changed the order between the read and the action.
      const done = res.status === 200 ? action : res.status === 409 ? 'version conflict (skipped)' : null;
      if (!done) throw new Error(`${action} on order ${id} (${order.status}): ${res.status} ${JSON.stringify(res.body)}`);
      actions[done] = (actions[done] ?? 0) + 1;
      break;
    }
  }
  return { walks, actions, ms: Date.now() - started };
}
