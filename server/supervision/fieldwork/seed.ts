/**
 * Demo fieldwork for the seed's district (DOMAIN.md §1): 五亮 boards for the compounds of the seed
 * articles (one item left stale at 东方罗马城), notices, elevators with maintenance dates at 天香蓝郡
 * and 绿地璀璨天城 (one overdue), the 6 e-bike sheds with 870 charging spaces, the heating-valve daily
 * patrol at 海力西苑 with yesterday walked and today not yet, the old-town flying-wire campaign
 * (老城区飞线整治) with points done and pending, the 2176-meter project, the 三方会商 that gave
 * 天香蓝郡 its property office, and door visits at 上华苑. Runs through the domain commands as the
 * administrator; does nothing when boards already exist.
 */
import { shanghaiDate } from '../../../common/calendar';
import type { SessionActor } from '../../auth/actor';
import type { Db, Tx } from '../../db';
import { createProblem } from '../commands/problems';
import { createCampaign } from './campaigns';
import { createConsultation } from './consultations';
import { updateBoardItem, createNotice } from './boards';
import { createFacility, recordFacilityWork } from './facilities';
import { createRoute, createTeam, insertCheckpoint } from './patrols';
import { createProject, recordProgress } from './projects';
import { createVisit } from './visits';
import { DAY_MS } from './shared';

const BOARDS: Record<string, Record<string, string>> = {
  天香蓝郡: {
    duties: '大同蓝郡物业：公共区域保洁、秩序维护、共用设施设备日常维修养护、绿化养护、装修管理',
    identity: '项目经理 杨丽 187****0007；客服 2人；保安 8人；保洁 6人；维修 3人（持证上岗，照片见服务中心公示栏）',
    promises: '24小时客服值守；一般报修30分钟内响应；投诉3个工作日内答复',
    standards: '执行《山西省住宅物业服务等级标准》二级；物业费1.2元/㎡·月',
  },
  绿地璀璨天城: {
    duties: '绿地物业：一至四期公共区域保洁、秩序维护、电梯及充电车棚维护、地库道闸管理',
    identity: '项目经理 周强 189****0008；维修组 5人；电梯维保单位：大同某电梯工程有限公司',
    promises: '电梯困人15分钟到场；报修当日处理；维保记录每月公示',
    standards: '执行《山西省住宅物业服务等级标准》二级',
  },
  上华苑: {
    duties: '华宇物业：公共区域保洁、秩序维护、管道与消防站巡检、监控值守',
    identity: '服务人员5名，姓名、岗位、照片公示于东门公示栏',
    promises: '入户走访每季度一次；随机回访；问题建台账限期整改',
    standards: '执行《山西省住宅物业服务等级标准》三级',
  },
  东方罗马城: {
    duties: '物业公共服务职责清单（2025版）',
    identity: '项目经理及服务人员公示',
    promises: '服务承诺',
    standards: '收费标准及服务标准（2024年版，待更新）',
  },
};

async function id(tx: Tx, table: 'places' | 'units' | 'users' | 'categories', col: 'name' | 'username' | 'code', value: string, level?: string) {
  let q = tx.selectFrom(table as 'places').select('id').where(col as 'name', '=', value);
  if (level) q = q.where('level', '=', level);
  const row = await q.orderBy('id').executeTakeFirst();
  if (!row) throw new Error(`seedFieldwork: no ${table} ${value}`);
  return row.id;
}

/** Loads the demo fieldwork; `now` is the demo's clock. Returns false when it was loaded before. */
export async function seedFieldwork(db: Db, now: number): Promise<boolean> {
  if (await db.selectFrom('board_items').select('id').limit(1).executeTakeFirst()) return false;
  await db.transaction().execute(async (tx) => {
    const admin = await tx.selectFrom('users').select(['id', 'username', 'name', 'phone']).where('username', '=', 'admin').executeTakeFirstOrThrow();
    const actor: SessionActor = { ...admin, role: 'admin', unitId: null, placeId: null, placeLevel: null, placePath: null };
    const compound = (name: string) => id(tx, 'places', 'name', name, 'compound');
    const building = async (compoundName: string, name: string) => {
      const c = await compound(compoundName);
      const b = await tx.selectFrom('places').select('id').where('compound_id', '=', c).where('name', '=', name).executeTakeFirstOrThrow();
      return b.id;
    };
    const unit = (name: string) => id(tx, 'units', 'name', name);
    const unitByKey = async (kind: string) => (await tx.selectFrom('units').select('id').where('kind', '=', kind).orderBy('id').executeTakeFirstOrThrow()).id;

    // ── boards and notices ──
    for (const [name, items] of Object.entries(BOARDS)) {
      const c = await compound(name);
      const place = await tx.selectFrom('places').select(['id', 'level', 'name', 'path', 'street_id', 'community_id', 'compound_id', 'building_id']).where('id', '=', c).executeTakeFirstOrThrow();
      // 东方罗马城 last touched its board 40 days ago: stale, as the 回头看 finds it.
      const at = name === '东方罗马城' ? now - 40 * DAY_MS : now - 3 * DAY_MS;
      for (const [item, content] of Object.entries(items)) await updateBoardItem(tx, actor, at, place, item, { content });
    }
    await createNotice(tx, actor, now - 2 * DAY_MS, {
      placeId: await compound('天香蓝郡'),
      title: '物业服务中心启用公告',
      body: '经社区、物业、业主三方会商，一楼临街商铺置换为50㎡物业服务中心，自即日起启用，欢迎业主监督。',
    });
    await createNotice(tx, actor, now - 5 * DAY_MS, {
      placeId: await id(tx, 'places', 'name', '平城区', 'district'),
      title: '供暖季问题反馈专线',
      body: '供暖期间如遇暖气不热、管道漏水，请拨打供热专线，24小时有人值守。',
      expiresAt: now + 120 * DAY_MS,
    });

    // ── facilities ──
    const lanjun = await unit('大同蓝郡物业管理有限公司');
    const lvdiPc = await unit('绿地物业服务集团大同分公司');
    for (const [i, days] of [10, 12, 20].entries()) {
      const f = await createFacility(tx, actor, now - 200 * DAY_MS, {
        kind: 'elevator',
        name: `${i + 1}号楼电梯`,
        placeId: await compound('天香蓝郡'),
        unitId: lanjun,
        maintainEveryDays: 15,
      });
      const row = await tx.selectFrom('facilities').selectAll().where('id', '=', f).executeTakeFirstOrThrow();
      // The third one's last maintenance was 20 days ago: overdue on the board.
      await recordFacilityWork(tx, actor, now, row, { kind: 'maintenance', note: '半月维保：曳引机、制动器、门机检查', doneAt: now - days * DAY_MS });
    }
    for (const b of ['三期5号楼', '四期9号楼']) {
      const f = await createFacility(tx, actor, now - 200 * DAY_MS, { kind: 'elevator', name: `${b}电梯`, placeId: await building('绿地璀璨天城', b), unitId: lvdiPc, maintainEveryDays: 15 });
      const row = await tx.selectFrom('facilities').selectAll().where('id', '=', f).executeTakeFirstOrThrow();
      await recordFacilityWork(tx, actor, now, row, { kind: 'maintenance', note: '半月维保', doneAt: now - 6 * DAY_MS });
    }
    for (let i = 1; i <= 6; i++) {
      await createFacility(tx, actor, now - 60 * DAY_MS, { kind: 'ebike_shed', name: `智能存车棚${i}号`, placeId: await compound('绿地璀璨天城'), unitId: lvdiPc, capacity: 145, checkEveryDays: 7 });
    }
    const shy = await compound('上华苑');
    const huayu = (await tx.selectFrom('unit_places as up').innerJoin('units as u', 'u.id', 'up.unit_id').select('u.id').where('up.place_id', '=', shy).where('u.kind', '=', 'property_company').executeTakeFirst())?.id ?? null;
    await createFacility(tx, actor, now - 90 * DAY_MS, { kind: 'fire_station', name: '微型消防站', placeId: shy, unitId: huayu, checkEveryDays: 7 });
    await createFacility(tx, actor, now - 90 * DAY_MS, { kind: 'cctv', name: '监控中心', placeId: shy, unitId: huayu, checkEveryDays: 1 });
    await createFacility(tx, actor, now - 90 * DAY_MS, { kind: 'heating_pipe', name: '地下供热管网', placeId: shy, checkEveryDays: 7 });

    // ── the heating-valve patrol at 海力 (每日巡查 + 即时响应) ──
    const haili = await id(tx, 'places', 'name', '海力村', 'community');
    const inspectorZj = await id(tx, 'users', 'username', 'inspector.zj');
    const team = await createTeam(tx, actor, now - 30 * DAY_MS, { name: '海力村供暖巡查组', placeId: haili, members: [{ userId: inspectorZj, role: 'leader' }] });
    const valve = await id(tx, 'categories', 'code', 'heating-valve');
    const xiyuan = await compound('海力西苑');
    const route = await createRoute(tx, actor, now - 30 * DAY_MS, {
      teamId: team,
      name: '海力西苑供热阀门日巡',
      placeId: xiyuan,
      weekdays: '0123456',
      checkpoints: [
        { kind: 'heating_valve', name: '1号楼单元总阀', placeId: xiyuan, categoryId: valve },
        { kind: 'heating_valve', name: '3号楼入户阀门', placeId: xiyuan, categoryId: valve },
        { kind: 'pipe_well', name: '36号商铺旁管井', placeId: xiyuan, categoryId: await id(tx, 'categories', 'code', 'heating-leak') },
      ],
    });
    const cps = await tx.selectFrom('patrol_checkpoints').select('id').where('route_id', '=', route).orderBy('position').execute();
    const yesterday = shanghaiDate(now - DAY_MS);
    for (const c of cps) {
      await tx.insertInto('patrol_records').values({ route_id: route, checkpoint_id: c.id, day: yesterday, outcome: 'ok', note: '', order_id: null, recorded_by: inspectorZj, recorded_at: now - DAY_MS }).execute();
    }
    const hexin = await id(tx, 'places', 'name', '和信社区', 'community');
    for (const n of ['一', '二', '三']) await createTeam(tx, actor, now - 60 * DAY_MS, { name: `和信社区楼栋环境监督员${n}队`, placeId: hexin, members: [] });

    // ── the old-town flying-wire campaign (古城“飞线”整治) ──
    const xijie = await id(tx, 'places', 'name', '西街街道', 'street');
    const huayanfang = await compound('华严坊');
    const gulou = await compound('鼓楼家园');
    const campaign = await createCampaign(tx, actor, now - 20 * DAY_MS, {
      name: '老城区飞线整治',
      description: '街道牵头，住建、城管、通信运营商、供电公司组成专班，逐点位剪除飞线、拆除废弃线杆和箱体',
      placeId: xijie,
      startsOn: shanghaiDate(now - 20 * DAY_MS),
      quantityKinds: [
        { code: 'wire_m', name: '剪除飞线', unit: '米' },
        { code: 'poles', name: '拆除线杆', unit: '根' },
        { code: 'wire_heads', name: '清理线头', unit: '个' },
        { code: 'boxes', name: '拆除箱体', unit: '个' },
      ],
      coordinatorUnitId: await unit('西街街道办事处'),
      unitIds: [await unitByKey('power_supply'), ...(await tx.selectFrom('units').select('id').where('kind', '=', 'telecom_carrier').execute()).map((u) => u.id), await unit('平城区城市管理局')],
      points: [
        { name: '华严坊东巷口', placeId: huayanfang },
        { name: '华严坊北门', placeId: huayanfang },
        { name: '华严寺街南段', placeId: huayanfang },
        { name: '鼓楼家园1号楼', placeId: gulou },
        { name: '鼓楼家园南门', placeId: gulou },
        { name: '鼓楼东街路口', placeId: gulou },
      ],
    });
    const xijieTeam = await createTeam(tx, actor, now - 20 * DAY_MS, { name: '古城巡查队', placeId: xijie, members: [{ userId: inspectorZj, role: 'leader' }] });
    const xijieRoute = await createRoute(tx, actor, now - 20 * DAY_MS, { teamId: xijieTeam, name: '古城飞线点位复巡', placeId: xijie, weekdays: '135' });
    const routeRow = await tx.selectFrom('patrol_routes').selectAll().where('id', '=', xijieRoute).executeTakeFirstOrThrow();
    const points = await tx.selectFrom('campaign_points').selectAll().where('campaign_id', '=', campaign).orderBy('id').execute();
    const done: Record<string, number>[] = [
      { wire_m: 4200, poles: 2, wire_heads: 30, boxes: 1 },
      { wire_m: 3100, poles: 1, wire_heads: 22, boxes: 1 },
      { wire_m: 2600, poles: 1, wire_heads: 18, boxes: 0 },
    ];
    for (const [i, p] of points.entries()) {
      const q = done[i] ?? (i === 3 ? { wire_m: 900, wire_heads: 6 } : null);
      if (q) await tx.insertInto('campaign_point_quantities').values(Object.entries(q).map(([kind, amount]) => ({ point_id: p.id, kind, amount }))).execute();
      if (done[i]) {
        const cp = await insertCheckpoint(tx, actor, now - (10 - i) * DAY_MS, routeRow, { kind: 'flying_wire', name: `老城区飞线整治·${p.name}`, placeId: p.place_id, campaignPointId: p.id });
        await tx.updateTable('campaign_points').set({ status: 'done', closed_at: now - (10 - i) * DAY_MS, checkpoint_id: cp, version: 2 }).where('id', '=', p.id).execute();
      } else if (i === 3) {
        await tx.updateTable('campaign_points').set({ status: 'in_progress', version: 2 }).where('id', '=', p.id).execute();
      }
    }

    // ── the 2176-meter project and the problem it solved ──
    const lvdi = await compound('绿地璀璨天城');
    const power = await unitByKey('power_supply');
    const meters = await createProblem(tx, actor, now - 40 * DAY_MS, { title: '绿地璀璨天城三、四期长期临时用电，跳闸频繁', placeId: lvdi, categoryId: await id(tx, 'categories', 'code', 'power-trip') });
    const project = await createProject(tx, actor, now - 30 * DAY_MS, {
      title: '绿地璀璨天城三、四期正式用电改造',
      description: '三、四期（4–12号楼）由临时用电转为正式用电，7天完成装表',
      placeId: lvdi,
      unitId: power,
      startsAt: now - 30 * DAY_MS,
      dueAt: now - 23 * DAY_MS,
      targets: [
        { name: '装表', unitLabel: '户', target: 2176 },
        { name: '铺设高压电缆', unitLabel: '米', target: 1410 },
        { name: '增设真空断路器', unitLabel: '台', target: 12 },
      ],
      problemIds: [meters.id],
    });
    const targets = await tx.selectFrom('project_targets').select('id').where('project_id', '=', project).orderBy('id').execute();
    const prow = await tx.selectFrom('projects').selectAll().where('id', '=', project).executeTakeFirstOrThrow();
    for (const [day, amounts] of [
      [1, [300, 600, 4]],
      [3, [700, 810, 8]],
      [5, [800, 0, 0]],
      [7, [376, 0, 0]],
    ] as const) {
      const entries = amounts.map((amount, k) => ({ targetId: targets[k]!.id, amount })).filter((e) => e.amount > 0);
      await recordProgress(tx, actor, now - (30 - day) * DAY_MS, prow, { entries, at: now - (30 - day) * DAY_MS });
    }
    await createProject(tx, actor, now - 60 * DAY_MS, {
      title: '绿地璀璨天城补种绿植',
      placeId: lvdi,
      unitId: lvdiPc,
      startsAt: now - 60 * DAY_MS,
      targets: [{ name: '补种绿植', unitLabel: '㎡', target: 1900 }],
    });

    // ── the three-party consultation at 天香蓝郡 ──
    const txlj = await compound('天香蓝郡');
    const office = await createProblem(tx, actor, now - 150 * DAY_MS, { title: '天香蓝郡无物业用房，业主办事难', placeId: txlj, categoryId: await id(tx, 'categories', 'code', 'property-attitude') });
    await createConsultation(tx, actor, now - 120 * DAY_MS, {
      problemId: office.id,
      title: '三方会商：物业用房问题',
      heldAt: now - 120 * DAY_MS,
      decision: '一楼临街商铺与物业原办公点置换，改作50㎡物业服务中心；社区监督实施',
      parties: [
        { name: '鹿鸣社区居委会', side: 'community', unitId: await unit('鹿鸣社区居民委员会') },
        { name: '大同蓝郡物业', side: 'property', unitId: lanjun },
        { name: '业主代表', side: 'owners' },
      ],
      tasks: [
        { title: '签订商铺置换协议', unitId: lanjun, deadline: now - 100 * DAY_MS },
        { title: '物业服务中心装修启用', unitId: lanjun, deadline: now - 60 * DAY_MS },
      ],
    });
    await tx.updateTable('consultation_tasks').set({ status: 'done', done_at: now - 90 * DAY_MS }).where('title', '=', '签订商铺置换协议').execute();

    // ── door visits at 上华苑 (四字诀: 走访) ──
    const shyB2 = await building('上华苑', '2号楼').catch(() => shy);
    const v = await createVisit(tx, actor, now - 7 * DAY_MS, { placeId: shyB2, mode: 'door', plan: 'scheduled', scheduledFor: now - 6 * DAY_MS, residentName: '赵淑芬', residentPhone: '13303520021' });
    await tx.updateTable('visits').set({ status: 'done', findings: '反映楼前绿化带缺株，已纳入补种计划', outcome: 'none', visited_at: now - 6 * DAY_MS }).where('id', '=', v).execute();
    await createVisit(tx, actor, now, { placeId: shy, mode: 'phone', plan: 'random', scheduledFor: now + DAY_MS });
  });
  return true;
}
