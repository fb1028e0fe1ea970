/**
 * A year of orders for the demo district, ending at `now`, containing the seed's own cases:
 * 海力西苑36号商铺's leaking heating pipe fixed the next day; a 海力村 villager's cold radiator
 * with the heating company at the door within the hour; 天香蓝郡's 106 complaints (96 hardware,
 * mostly the missing property office; 10 service) and none about property service since July;
 * 上华苑's backlog of unsatisfied orders; 绿地璀璨天城's tripping temporary supply until the
 * meters went in; the old town's flying wires. The rest is seasonal background traffic.
 */
import { shanghaiDayStart, shanghaiDate } from '../../common/calendar';
import type { Db } from '../db';
import { hashPassword } from '../auth/password';
import { DEMO_PASSWORD } from './district';
import type { Engine } from '../db/engine';
import { loadWorld, NumberAllocator, nextIds, OrderWriter, playOrder, rng, type OrderPlan, type Rng, type World } from './generate';

const DAY = 24 * 3600_000;

/**
 * Title and description templates by category code; `{b}` is the building. Shared with the
 * benchmark's loader (bench/load.ts), whose text searches look for words that occur here:
 * 暖气 / 暖气不热 / 暖气管道漏水 / 通信线缆乱拉 …
 */
export const ORDER_TEXTS: Record<string, [string, string][]> = {
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
  'property-disclosure': [
    ['“五亮”公示栏内容过期', '公示栏里的服务标准还是去年的'],
    ['电梯维保记录未公示', '电梯维保记录好几个月没更新'],
  ],
  'heating-leak': [
    ['{b}暖气管道漏水', '楼道里暖气管道接口滴水，地面结冰'],
    ['{b}家中暖气片漏水', '暖气片接口漏水，已经淹到楼下'],
  ],
  'heating-cold': [
    ['{b}暖气不热', '室内温度只有15度，暖气片下半截是凉的'],
    ['{b}整个单元暖气温度低', '全单元暖气都不热，老人孩子受不了'],
  ],
  'heating-valve': [
    ['{b}管井阀门关不上', '管井里阀门松动漏水'],
    ['暖气阀门损坏', '入户阀门拧不动'],
  ],
  'power-outage': [
    ['{b}突然停电', '整栋楼停电两个小时了，没有通知'],
    ['小区频繁停电', '这周停了三次电'],
  ],
  'power-trip': [
    ['{b}临时用电频繁跳闸', '一开空调就跳闸，负荷超限，天热受不了'],
    ['临时用电何时转正式用电', '三四期一直是临时用电，经常跳闸'],
  ],
  'power-meter': [
    ['{b}电表不走字', '电表显示异常'],
    ['申请安装独立电表', '希望尽快装表'],
  ],
  'elevator-fault': [
    ['{b}电梯停运', '电梯坏了三天没人修，老人上下楼困难'],
    ['{b}电梯运行异响', '电梯运行时有异响，很不安全'],
  ],
  'elevator-trapped': [['{b}电梯困人', '电梯停在两层之间，里面有人']],
  'water-outage': [
    ['{b}停水', '家里没水了，也没看到停水通知'],
    ['小区突然停水', '整个小区停水'],
  ],
  'water-leak': [
    ['小区路面供水管漏水', '路面一直冒水'],
    ['{b}地下室水管爆裂', '地下室进水'],
  ],
  'water-quality': [['自来水发黄', '早上放出来的水是黄色的']],
  'greenery-damage': [
    ['小区绿化被破坏', '绿化带苗木被踩坏，很多缺株'],
    ['绿地被占用种菜', '公共绿地被个别业主种菜'],
  ],
  'greenery-bare': [['小区黄土裸露', '刮风就起土，希望补种绿植']],
  'parking-ebike-charging': [
    ['电动车充电桩不够', '充电车位太少，排队充电'],
    ['充电桩坏了', '扫码充电没反应'],
  ],
  'parking-ebike-disorder': [
    ['{b}楼道停放电动车', '电动车堵在楼道里，消防通道不通'],
    ['电动车乱停乱放', '单元门口堆满电动车'],
  ],
  'parking-garage': [
    ['地库道闸损坏', '外来车辆随便进地库'],
    ['车位被占', '自家车位总被别人占'],
  ],
  'sanitation-garbage': [
    ['小区垃圾堆积', '垃圾桶满了没人清运'],
    ['建筑垃圾乱堆', '装修垃圾堆在楼下很久'],
  ],
  'sanitation-ads': [['小广告乱贴', '单元门和电线杆上贴满小广告']],
  'sanitation-street': [['道路清扫不及时', '路面落叶和垃圾没人扫']],
  'flying-wires-telecom': [
    ['通信线缆乱拉', '楼外墙上线缆杂乱，很多废线'],
    ['废弃线缆垂落', '废线垂到人行道上'],
  ],
  'flying-wires-power': [
    ['私拉电线给电动车充电', '从窗户拉线充电，很危险'],
    ['飞线充电', '楼上拉电线下来充电'],
  ],
  'flying-wires-pole': [
    ['危杆倾斜', '电线杆倾斜快倒了'],
    ['废旧交接箱', '路边废弃交接箱锈蚀'],
  ],
  'noise-construction': [['夜间施工噪音', '晚上十一点还在施工']],
  'noise-business': [['商铺音响扰民', '楼下商铺放音乐声音太大']],
  'noise-neighbour': [['楼上噪音', '楼上每天半夜拖动家具']],
  'property-office-missing': [
    ['小区没有物业用房', '物业在地下车库办公，业主办事很不方便'],
    ['物业用房缺失问题何时解决', '小区交房多年一直没有物业用房'],
  ],
  'property-office-misuse': [['物业用房被出租', '规划的物业用房被出租做生意']],
  'other-accessibility': [['无障碍坡道被占', '坡道被车辆堵住，轮椅过不去']],
  'other-consult': [['咨询老旧小区改造政策', '想了解我们小区是否列入改造计划']],
  'other-suggestion': [['建议增设休闲座椅', '小区里老人多，希望多放几把椅子']],
};

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗'];

function textFor(code: string, building: string, r: Rng): { title: string; description: string } {
  const [title, description] = r.pick(ORDER_TEXTS[code] ?? [['其他问题', '请相关部门处理']]);
  return { title: title.replace('{b}', building), description: description.replace('{b}', building) };
}

function caller(r: Rng) {
  return {
    callerName: `${r.pick(SURNAMES)}${r.pick(['先生', '女士'])}`,
    callerPhone: `1${r.pick(['3', '5', '8'])}${String(r.int(0, 999999999)).padStart(9, '0')}`,
  };
}

/** Month-of-year weights per category in Datong: heating in winter, power and greenery in summer. */
export function seasonalCodes(month: number): { w: number; v: string }[] {
  const winter = month >= 11 || month <= 3;
  const summer = month >= 6 && month <= 8;
  return [
    { w: winter ? 26 : month === 10 || month === 4 ? 8 : 1, v: 'heating-cold' },
    { w: winter ? 8 : 1, v: 'heating-leak' },
    { w: winter ? 4 : 1, v: 'heating-valve' },
    { w: summer ? 9 : 3, v: 'power-outage' },
    { w: 2, v: 'power-meter' },
    { w: 7, v: 'elevator-fault' },
    { w: 1, v: 'elevator-trapped' },
    { w: 4, v: 'water-outage' },
    { w: 2, v: 'water-leak' },
    { w: 1, v: 'water-quality' },
    { w: 9, v: 'property-cleaning' },
    { w: 4, v: 'property-security' },
    { w: 4, v: 'property-attitude' },
    { w: 3, v: 'property-fees' },
    { w: 2, v: 'property-disclosure' },
    { w: summer ? 5 : 1, v: 'greenery-damage' },
    { w: summer ? 2 : 1, v: 'greenery-bare' },
    { w: 5, v: 'parking-ebike-charging' },
    { w: 5, v: 'parking-ebike-disorder' },
    { w: 2, v: 'parking-garage' },
    { w: 6, v: 'sanitation-garbage' },
    { w: 2, v: 'sanitation-ads' },
    { w: 2, v: 'sanitation-street' },
    { w: 2, v: 'flying-wires-telecom' },
    { w: 2, v: 'flying-wires-power' },
    { w: summer ? 4 : 2, v: 'noise-construction' },
    { w: 2, v: 'noise-business' },
    { w: 3, v: 'noise-neighbour' },
    { w: 2, v: 'other-accessibility' },
    { w: 3, v: 'other-consult' },
    { w: 2, v: 'other-suggestion' },
  ];
}

interface Named {
  byName: (compound: string) => World['places'][number];
  buildingsOf: (compoundId: number) => World['places'][number][];
}

function placeIndex(w: World): Named {
  return {
    byName: (name) => {
      const p = w.places.find((x) => x.level === 'compound' && x.name === name);
      if (!p) throw new Error(`demo compound ${name} missing`);
      return p;
    },
    buildingsOf: (id) => w.places.filter((x) => x.level === 'building' && x.compound_id === id),
  };
}

/** The seed's own cases, as plans. */
function seedCases(w: World, now: number, r: Rng): OrderPlan[] {
  const ix = placeIndex(w);
  const plans: OrderPlan[] = [];
  const uid = (name: string) => w.users.get(name) ?? null;
  const shop = w.places.find((p) => p.level === 'unit' && p.name.includes('海力西苑36号'))!;
  // 海力西苑36号商铺: leaking heating pipe, recorded by the village committee's line, fixed the next day.
  const leakAt = Math.min(now - 15 * DAY, Date.parse('2026-11-12T01:20:00Z'));
  plans.push({
    categoryCode: 'heating-leak',
    placeId: shop.id,
    receivedAt: leakAt,
    title: '海力西苑36号商铺暖气管道漏水',
    description: '供暖开始后店内暖气管道漏水，影响营业，请尽快维修',
    callerName: '贾志勇',
    callerPhone: '15703520020',
    reporterUserId: uid('resident.shop'),
    channel: 'hotline',
    receivedBy: uid('dispatcher.heating'),
    attributes: { leak_location: 'indoor', affects_business: 'yes' },
    dispatchAfterMin: 25,
    acceptAfterMin: 20,
    contactAfterMin: 40,
    replyAfterMin: 24 * 60 + 90,
    replyText: '次日上门完成管道检修更换，已恢复正常供暖。',
    satisfaction: 'satisfied',
    coUnitIds: [w.unitFor(shop.id, 'property_company')!].filter(Boolean),
  });
  // 海力村 villager: cold radiator, heating company's staff at the door within the hour.
  const village = w.places.find((p) => p.level === 'compound' && p.name.includes('海力新村')) ?? ix.byName('海力西苑');
  plans.push({
    categoryCode: 'heating-cold',
    placeId: ix.buildingsOf(village.id)[1]?.id ?? village.id,
    receivedAt: Math.min(now - 20 * DAY, Date.parse('2026-11-05T11:00:00Z')),
    title: '家中暖气不热',
    description: '暖气片冰凉，室内只有14度',
    callerName: '白福生',
    callerPhone: '18203520022',
    reporterUserId: uid('resident.haili'),
    channel: 'hotline',
    attributes: { indoor_temp: 14 },
    priority: 'urgent',
    dispatchAfterMin: 5,
    acceptAfterMin: 5,
    contactAfterMin: 50,
    contactMethod: 'visit',
    replyAfterMin: 110,
    replyText: '热力人员1小时内上门，清理堵塞的滤网，暖气恢复正常。',
    satisfaction: 'satisfied',
  });

  // 天香蓝郡: exactly 106 complaints in the first half of 2026 — 96 hardware (mostly the missing
  // property office), 10 service — and no property-service complaints since July.
  const txlj = ix.byName('天香蓝郡');
  const txljBuildings = ix.buildingsOf(txlj.id);
  const h1Start = Date.parse('2025-12-31T16:00:00Z');
  const h1End = Date.parse('2026-06-30T16:00:00Z');
  const hardware = [
    ...Array(78).fill('property-office-missing'),
    ...Array(8).fill('elevator-fault'),
    ...Array(6).fill('parking-ebike-charging'),
    ...Array(4).fill('parking-garage'),
  ];
  const service = [...Array(5).fill('property-cleaning'), ...Array(3).fill('property-attitude'), ...Array(2).fill('property-fees')];
  [...hardware, ...service].forEach((code, i) => {
    const b = r.pick(txljBuildings);
    const t = h1Start + Math.floor(((h1End - h1Start) * (i + r.next())) / 106);
    const mine = i % 25 === 3;
    plans.push({
      categoryCode: code,
      placeId: b.id,
      receivedAt: t,
      ...textFor(code, b.name, r),
      ...(mine ? { callerName: '李建华', callerPhone: '18503520019', reporterUserId: uid('resident.txlj'), channel: 'h5' } : caller(r)),
      channel: mine ? 'h5' : 'hotline',
      ...(code === 'property-office-missing' ? { satisfaction: r.chance(0.5) ? 'unsatisfied' : 'basically', fault: 'close' } : {}),
    });
  });

  // 上华苑: a backlog of unsatisfied orders from before the "四字诀" clean-up.
  const shy = ix.byName('上华苑');
  const shyB = ix.buildingsOf(shy.id);
  for (let i = 0; i < 36; i++) {
    const code = r.pick([
      'property-cleaning',
      'greenery-damage',
      'property-attitude',
      'elevator-fault',
      'heating-leak',
      'parking-ebike-disorder',
    ]);
    const b = r.pick(shyB);
    const mine = i % 9 === 0;
    plans.push({
      categoryCode: code,
      placeId: b.id,
      receivedAt: now - 330 * DAY + i * 6 * DAY + r.int(0, 5) * DAY,
      ...textFor(code, b.name, r),
      ...(mine ? { callerName: '赵淑芬', callerPhone: '13303520021', reporterUserId: uid('resident.shy'), channel: 'h5' } : caller(r)),
      satisfaction: 'unsatisfied',
      fault: i % 3 === 0 ? 'pending' : 'close',
      replyAt: 0.9 + r.next() * 0.6,
    });
  }

  // 绿地璀璨天城 三、四期: temporary supply tripping all summer, until 2176 meters went in (7 days in August).
  const lvdi = ix.byName('绿地璀璨天城');
  const phase34 = ix.buildingsOf(lvdi.id).filter((b) => /[三四]期/.test(b.name));
  for (let i = 0; i < 48; i++) {
    const b = r.pick(phase34);
    const mine = i % 12 === 0;
    plans.push({
      categoryCode: 'power-trip',
      placeId: b.id,
      receivedAt: Date.parse('2026-05-25T00:00:00Z') + Math.floor(i * 1.6 * DAY) + r.int(0, 20) * 3600_000,
      ...textFor('power-trip', b.name, r),
      ...(mine ? { callerName: '王大姐', callerPhone: '13403520018', reporterUserId: uid('resident'), channel: 'h5' } : caller(r)),
      attributes: {},
    });
  }

  // 古城飞线: the old town's flying wires, before and during the clean-up campaign.
  const oldTown = w.places.filter((p) => p.level === 'compound' && w.places.some((s) => s.id === p.street_id && s.name.includes('西街')));
  for (let i = 0; i < 45 && oldTown.length; i++) {
    const cp = r.pick(oldTown);
    const code = r.pick(['flying-wires-telecom', 'flying-wires-telecom', 'flying-wires-power', 'flying-wires-pole']);
    const b = r.pick(ix.buildingsOf(cp.id)) ?? cp;
    plans.push({
      categoryCode: code,
      placeId: b.id,
      receivedAt: now - 200 * DAY + i * 3 * DAY,
      ...textFor(code, b.name, r),
      ...caller(r),
      channel: r.pick(['hotline', 'patrol']),
    });
  }
  return plans;
}

/** Background traffic: seasonal, weighted by households, avoiding the cases above. */
function backgroundPlans(w: World, now: number, r: Rng, perDay: number, days = 365): OrderPlan[] {
  const ix = placeIndex(w);
  const txlj = ix.byName('天香蓝郡');
  const july = Date.parse('2026-06-30T16:00:00Z');
  const buildings = w.places.filter((p) => p.level === 'building' && (p.households ?? 0) > 0);
  const weighted = buildings.map((b) => ({ w: b.households ?? 1, v: b }));
  const plans: OrderPlan[] = [];
  for (let day = days; day >= 1; day--) {
    const dayStart = shanghaiDayStart(shanghaiDate(now - day * DAY));
    const month = Number(shanghaiDate(dayStart).slice(5, 7));
    const n = Math.max(0, Math.round(perDay * (0.6 + r.next() * 0.8)));
    for (let i = 0; i < n; i++) {
      const b = r.weighted(weighted);
      let code = r.weighted(seasonalCodes(month));
      if (b.compound_id === txlj.id) {
        // 天香蓝郡's complaints are the 106 above; after July only utilities call there.
        if (dayStart < july) continue;
        code = r.pick(['heating-cold', 'water-outage', 'power-outage']);
      }
      // Office hours mostly: 08:00–21:00 Shanghai.
      const at = dayStart + Math.floor((8 + r.next() * 13) * 3600_000);
      if (at >= now) continue;
      plans.push(backgroundPlan(r, at, b, code));
    }
  }
  return plans;
}

/** One background order of category `code` at a building, received at `at` (also the benchmark loader's). */
export function backgroundPlan(r: Rng, at: number, b: World['places'][number], code: string): OrderPlan {
  return {
    categoryCode: code,
    placeId: b.id,
    receivedAt: at,
    ...textFor(code, b.name, r),
    ...caller(r),
    // Resident-page (h5) requests come from resident accounts; background callers phone the hotline.
    channel: r.weighted([
      { w: 80, v: 'hotline' },
      { w: 6, v: 'staff' },
      { w: 7, v: 'visit' },
      { w: 7, v: 'patrol' },
    ]),
    priority: code === 'elevator-trapped' ? 'emergency' : r.chance(0.06) ? 'urgent' : 'normal',
    answerDirectly: code === 'other-consult' && r.chance(0.7),
    returned: r.chance(0.03),
    extension: r.chance(0.04),
  };
}

/** Every unit gets a handler account (username unit<id>), so each step of the history has an actor. */
async function ensureUnitHandlers(db: Db) {
  const units = await db
    .selectFrom('units as u')
    .select(['u.id', 'u.name'])
    .where((eb) =>
      eb.not(
        eb.exists(eb.selectFrom('users').select('users.id').whereRef('users.unit_id', '=', 'u.id').where('users.role', '=', 'handler')),
      ),
    )
    .execute();
  if (!units.length) return;
  const hash = await hashPassword(DEMO_PASSWORD);
  await db
    .insertInto('users')
    .values(
      units.map((u) => ({
        username: `unit${u.id}`,
        name: `${u.name}经办人`,
        phone: null,
        role: 'handler',
        unit_id: u.id,
        place_id: null,
        password_hash: hash,
        active: 1,
        created_at: Date.now(),
      })),
    )
    .execute();
}

async function writePlans(
  db: Db,
  engine: Engine,
  w: World,
  plans: OrderPlan[],
  now: number,
  r: Rng,
  onProgress?: (done: number, total: number) => void,
) {
  const numbers = new NumberAllocator(db);
  await numbers.load();
  let id = await nextIds(db);
  const writer = new OrderWriter(db, engine, 500);
  for (const [i, plan] of plans.entries()) {
    const played = playOrder(w, plan, now, r, { order: id, number: numbers.next(plan.receivedAt) });
    // Event ids are generated by the database; only order ids are chosen here.
    await writer.add(played, plan.coUnitIds ?? []);
    id++;
    if (i % 500 === 0) onProgress?.(i, plans.length);
  }
  await writer.finish();
  await numbers.save();
  onProgress?.(plans.length, plans.length);
  return plans.length;
}

/**
 * Synthetic background traffic of about `count` orders over `days` days before `now` (benchmarks,
 * `gongzhi generate`): the same seasonal mix and lifecycle as the demo, without the seed's cases.
 */
export async function generateOrders(
  db: Db,
  engine: Engine,
  cal: import('../../common/calendar').Calendar,
  now: number,
  opts: { count: number; days?: number; seed?: number; onProgress?: (done: number, total: number) => void },
) {
  const r = rng(opts.seed ?? 7);
  await ensureUnitHandlers(db);
  const w = await loadWorld(db, cal);
  const days = opts.days ?? 365;
  const plans = backgroundPlans(w, now, r, opts.count / days, days);
  plans.sort((a, b) => a.receivedAt - b.receivedAt);
  return writePlans(db, engine, w, plans, now, r, opts.onProgress);
}

/**
 * Generates and writes the demo year. `onProgress(done, total)` is called after each batch.
 * Returns the number of orders written.
 */
export async function loadDemoYear(
  db: Db,
  engine: Engine,
  cal: import('../../common/calendar').Calendar,
  now: number,
  opts: { perDay?: number; seed?: number; onProgress?: (done: number, total: number) => void } = {},
) {
  const r = rng(opts.seed ?? 20261130);
  await ensureUnitHandlers(db);
  const w = await loadWorld(db, cal);
  const plans = [...seedCases(w, now, r), ...backgroundPlans(w, now, r, opts.perDay ?? 14)].sort((a, b) => a.receivedAt - b.receivedAt);
  return writePlans(db, engine, w, plans, now, r, opts.onProgress);
}
