/**
 * Loads N synthetic orders into a seeded database for the benchmark, through the demo generator's
 * own pieces (server/demo/generate.ts): playOrder plays each order's whole event trail with the
 * live SLA rules, OrderWriter writes orders, units and events in batched transactions, and
 * NumberAllocator keeps the per-day numbers in step with `counters`.
 *
 * Unlike the demo year (a fixed ~5k orders over one year), the history here grows at a fixed rate
 * backwards from `now` (default 1,000 orders a day), so a bigger N means a longer history while the
 * open backlog (recent orders) stays about the same size — which is what the sweep must not notice.
 */
import { sql } from 'kysely';
import { shanghaiDate, type Calendar } from '../common/calendar';
import type { Db } from '../server/db';
import type { Engine } from '../server/db/engine';
import { loadDemoYear } from '../server/demo/demo-year';
import {
  loadWorld,
  NumberAllocator,
  nextIds,
  OrderWriter,
  PgCopyConnection,
  playOrder,
  rng,
  type OrderPlan,
  type Rng,
  type World,
} from '../server/demo/generate';

const DAY = 24 * 3600_000;

/**
 * Titles and descriptions by category (`{b}` is the building), in the style of the demo year's.
 * The benchmark's text searches look for words that occur here: 暖气 / 暖气不热 / 暖气管道漏水 …
 */
const TEXTS: Record<string, [string, string][]> = {
  'heating-cold': [
    ['{b}暖气不热', '室内温度只有15度，暖气片下半截是凉的'],
    ['{b}整个单元暖气温度低', '全单元暖气都不热，老人孩子受不了'],
  ],
  'heating-leak': [
    ['{b}暖气管道漏水', '楼道里暖气管道接口滴水，地面结冰'],
    ['{b}家中暖气片漏水', '暖气片接口漏水，已经淹到楼下'],
  ],
  'heating-valve': [
    ['{b}管井阀门关不上', '管井里阀门松动漏水'],
    ['暖气阀门损坏', '入户阀门拧不动'],
  ],
  'power-outage': [
    ['{b}突然停电', '整栋楼停电两个小时了，没有通知'],
    ['小区频繁停电', '这周停了三次电'],
  ],
  'power-meter': [
    ['{b}电表不走字', '电表显示异常'],
    ['申请安装独立电表', '希望尽快装表'],
  ],
  'elevator-fault': [
    ['{b}电梯停运', '电梯坏了三天没人修，老人上下楼困难'],
    ['{b}电梯运行异响', '电梯运行时有异响，很不安全'],
  ],
  'water-outage': [
    ['{b}停水', '家里没水了，也没看到停水通知'],
    ['小区突然停水', '整个小区停水'],
  ],
  'water-leak': [
    ['小区路面供水管漏水', '路面一直冒水'],
    ['{b}地下室水管爆裂', '地下室进水'],
  ],
  'property-cleaning': [
    ['{b}楼道保洁不到位', '楼道垃圾好几天没人清理，有异味'],
    ['{b}电梯间卫生差', '电梯轿厢和候梯厅很脏，没人打扫'],
  ],
  'property-security': [
    ['小区门岗形同虚设', '陌生人随意进出，门禁坏了没人修'],
    ['{b}单元门禁损坏', '单元门禁刷卡无反应，门一直开着'],
  ],
  'property-attitude': [
    ['物业客服态度差', '打电话反映问题，客服推诿不理睬'],
    ['物业维修人员不上门', '报修三次没人来'],
  ],
  'property-fees': [
    ['物业费收费标准不公开', '物业费上涨没有公示收费标准'],
    ['公摊电费收取不合理', '公摊电费明细不清楚'],
  ],
  'greenery-damage': [
    ['小区绿化被破坏', '绿化带苗木被踩坏，很多缺株'],
    ['绿地被占用种菜', '公共绿地被个别业主种菜'],
  ],
  'parking-ebike-charging': [
    ['电动车充电桩不够', '充电车位太少，排队充电'],
    ['充电桩坏了', '扫码充电没反应'],
  ],
  'parking-ebike-disorder': [
    ['{b}楼道停放电动车', '电动车堵在楼道里，消防通道不通'],
    ['电动车乱停乱放', '单元门口堆满电动车'],
  ],
  'sanitation-garbage': [
    ['小区垃圾堆积', '垃圾桶满了没人清运'],
    ['建筑垃圾乱堆', '装修垃圾堆在楼下很久'],
  ],
  'flying-wires-telecom': [
    ['通信线缆乱拉', '楼外墙上线缆杂乱，很多废线'],
    ['废弃线缆垂落', '废线垂到人行道上'],
  ],
  'flying-wires-power': [
    ['私拉电线给电动车充电', '从窗户拉线充电，很危险'],
    ['飞线充电', '楼上拉电线下来充电'],
  ],
  'noise-construction': [['夜间施工噪音', '晚上十一点还在施工']],
  'noise-neighbour': [['楼上噪音', '楼上每天半夜拖动家具']],
  'other-consult': [['咨询老旧小区改造政策', '想了解我们小区是否列入改造计划']],
};

/** Month-of-year weights: heating in winter, power and greenery in summer (as in the demo year). */
function categoryWeights(month: number): { w: number; v: string }[] {
  const winter = month >= 11 || month <= 3;
  const summer = month >= 6 && month <= 8;
  return [
    { w: winter ? 26 : month === 10 || month === 4 ? 8 : 1, v: 'heating-cold' },
    { w: winter ? 8 : 1, v: 'heating-leak' },
    { w: winter ? 4 : 1, v: 'heating-valve' },
    { w: summer ? 9 : 3, v: 'power-outage' },
    { w: 2, v: 'power-meter' },
    { w: 7, v: 'elevator-fault' },
    { w: 4, v: 'water-outage' },
    { w: 2, v: 'water-leak' },
    { w: 9, v: 'property-cleaning' },
    { w: 4, v: 'property-security' },
    { w: 4, v: 'property-attitude' },
    { w: 3, v: 'property-fees' },
    { w: summer ? 5 : 1, v: 'greenery-damage' },
    { w: 5, v: 'parking-ebike-charging' },
    { w: 5, v: 'parking-ebike-disorder' },
    { w: 6, v: 'sanitation-garbage' },
    { w: 2, v: 'flying-wires-telecom' },
    { w: 2, v: 'flying-wires-power' },
    { w: summer ? 4 : 2, v: 'noise-construction' },
    { w: 3, v: 'noise-neighbour' },
    { w: 3, v: 'other-consult' },
  ];
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭'];

/** A cumulative-weight picker: O(log n) per pick, which matters a million times over. */
function weightedPicker<T>(xs: { w: number; v: T }[]) {
  const cum: number[] = [];
  let total = 0;
  for (const x of xs) cum.push((total += x.w));
  return (r: Rng): T => {
    const t = r.next() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid]! > t) hi = mid;
      else lo = mid + 1;
    }
    return xs[lo]!.v;
  };
}

/** The background plan of one order received at `at`. */
function planAt(r: Rng, at: number, pickBuilding: (r: Rng) => World['places'][number], pickCode: (r: Rng) => string): OrderPlan {
  const b = pickBuilding(r);
  const code = pickCode(r);
  const [title, description] = r.pick(TEXTS[code]!);
  return {
    categoryCode: code,
    placeId: b.id,
    receivedAt: at,
    title: title.replace('{b}', b.name),
    description: description.replace('{b}', b.name),
    callerName: `${r.pick(SURNAMES)}${r.pick(['先生', '女士'])}`,
    callerPhone: `1${r.pick(['3', '5', '8'])}${String(r.int(0, 999999999)).padStart(9, '0')}`,
    channel: r.weighted([
      { w: 80, v: 'hotline' },
      { w: 6, v: 'staff' },
      { w: 7, v: 'visit' },
      { w: 7, v: 'patrol' },
    ]),
    priority: r.chance(0.06) ? 'urgent' : 'normal',
    answerDirectly: code === 'other-consult' && r.chance(0.7),
    returned: r.chance(0.03),
    extension: r.chance(0.04),
  };
}

const ORDER_TABLES = ['work_orders', 'order_units', 'order_events'];

/** Drops the indexes of `tables` that back no constraint; returns their definitions, to create them again. */
async function dropSecondaryIndexes(db: Db, tables: string[]): Promise<string[]> {
  const res = await sql<{ name: string; def: string }>`select i.indexname as name, i.indexdef as def from pg_indexes i
    where i.schemaname = current_schema() and i.tablename in (${sql.join(tables)})
      and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`.execute(db);
  for (const r of res.rows) await sql`drop index ${sql.id(r.name)}`.execute(db);
  return res.rows.map((r) => r.def);
}

export interface LoadResult {
  orders: number;
  events: number;
  /** First and last receipt time of the generated history. */
  from: number;
  to: number;
  ms: number;
  /** Of which writing the background orders' rows (COPY or INSERT), and their rollup upserts. */
  writeMs: number;
  rollupMs: number;
  /** Building the secondary indexes dropped for the load (dropIndexes). */
  indexMs: number;
  /** How the background orders were written: PostgreSQL COPY or multi-row INSERTs. */
  method: 'copy' | 'insert';
  /** false when loaded without event trails (--no-events). */
  withEvents: boolean;
}

/**
 * Writes exactly `count` orders ending at `now`: the demo year's own seed cases (with the handler
 * accounts they need), then background orders at `perDay` a day. Deterministic for a given seed.
 */
export async function loadSyntheticOrders(
  db: Db,
  engine: Engine,
  cal: Calendar,
  opts: {
    count: number;
    now: number;
    seed?: number;
    perDay?: number;
    /** PostgreSQL: the database's URL, for a connection of the loader's own that writes with COPY. */
    databaseUrl?: string | null;
    /** false: no event trail (orders, units and rollups only). */
    events?: boolean;
    /** PostgreSQL with COPY: drop the secondary indexes of the order tables for the load, build them after. */
    dropIndexes?: boolean;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<LoadResult> {
  const started = performance.now();
  const seed = opts.seed ?? 20261130;
  // perDay 0: only the seed's own cases (~280 orders), plus a handler account for every unit.
  const seedCases = await loadDemoYear(db, engine, cal, opts.now, { perDay: 0, seed });
  const w = await loadWorld(db, cal);
  const r = rng(seed + 1);
  const buildings = w.places.filter((p) => p.level === 'building' && (p.households ?? 0) > 0);
  const pickBuilding = weightedPicker(buildings.map((b) => ({ w: b.households ?? 1, v: b })));
  const pickers = new Map<number, (r: Rng) => string>();
  const pickCode = (month: number) => {
    let p = pickers.get(month);
    if (!p) pickers.set(month, (p = weightedPicker(categoryWeights(month))));
    return p;
  };

  const total = Math.max(0, opts.count - seedCases);
  const perDay = opts.perDay ?? 1000;
  const numbers = new NumberAllocator(db);
  await numbers.load();
  let id = await nextIds(db);
  // PostgreSQL: COPY in batches of 5,000 orders (each batch one transaction with its rollups).
  const copy = engine.kind === 'postgres' && opts.databaseUrl ? await PgCopyConnection.open(opts.databaseUrl) : undefined;
  const writer = new OrderWriter(db, engine, copy ? 5000 : 500, { copy, events: opts.events });
  let done = 0;
  // Evenly spaced receipts (a 24-hour hotline) with jitter, oldest first, so ids follow receipt time.
  const slot = DAY / perDay;
  const from = opts.now - total * slot;
  const indexes = copy && opts.dropIndexes ? await dropSecondaryIndexes(db, ORDER_TABLES) : [];
  try {
    for (let k = 0; k < total; k++) {
      const at = Math.round(from + (k + r.next()) * slot);
      const month = Number(shanghaiDate(at).slice(5, 7));
      const plan = planAt(r, at, pickBuilding, pickCode(month));
      const played = playOrder(w, plan, opts.now, r, { order: id++, number: numbers.next(at) });
      await writer.add(played);
      done++;
      if (done % 5000 === 0) opts.onProgress?.(seedCases + done, opts.count);
    }
    await writer.finish();
  } finally {
    await copy?.close();
  }
  const indexStarted = performance.now();
  if (indexes.length)
    await db.transaction().execute(async (tx) => {
      // Index builds sort in memory up to this (the default 64 MB spills a 10M-order GIN build to disk).
      await sql`set local maintenance_work_mem = '512MB'`.execute(tx);
      for (const def of indexes) await sql.raw(def).execute(tx);
    });
  const indexMs = performance.now() - indexStarted;
  await numbers.save();
  opts.onProgress?.(seedCases + done, opts.count);
  const ms = performance.now() - started;
  const ev = await db
    .selectFrom('order_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const first = await db
    .selectFrom('work_orders')
    .select((eb) => eb.fn.min('received_at').as('t'))
    .executeTakeFirstOrThrow();
  return {
    orders: seedCases + done,
    events: Number(ev.n),
    from: Math.min(from, Number(first.t)),
    to: opts.now,
    ms,
    writeMs: Math.round(writer.writeMs),
    rollupMs: Math.round(writer.rollupMs),
    indexMs: Math.round(indexMs),
    method: copy ? 'copy' : 'insert',
    withEvents: opts.events !== false,
  };
}
