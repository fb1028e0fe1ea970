/**
 * Demo co-governance at 天香蓝郡 and around the district (DOMAIN.md §1, §8): garbage-sorting
 * supervision and patrols with past attendance and points for resident.txlj, the 60-seat
 * 20-day training class of the 残联, the 新生服务季 service day with its counted outputs, and the
 * points shop's parking coupons and housekeeping service honoured by the demo merchant.
 */
import { shanghaiDate, shanghaiDayStart } from '../../common/calendar';
import type { Db, Tx } from '../db';
import { DAY_MS, appendEntry, settleDue } from './ledger';

const HOUR = 3600_000;

async function placeId(tx: Tx, name: string, level: string): Promise<number | null> {
  const p = await tx.selectFrom('places').select('id').where('name', '=', name).where('level', '=', level).orderBy('id').executeTakeFirst();
  return p?.id ?? null;
}

async function userId(tx: Tx, username: string): Promise<number | null> {
  const u = await tx.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  return u?.id ?? null;
}

interface SeedActivity {
  kind: string;
  title: string;
  description: string;
  place: number;
  organiser: number;
  capacity: number;
  mode: 'per_hour' | 'per_attendance';
  rate: number;
  cap: number;
  review: boolean;
  noticeDays: number;
  completion?: number;
  slots: [number, number][];
}

async function addActivity(tx: Tx, a: SeedActivity, now: number) {
  const { id } = await tx
    .insertInto('activities')
    .values({
      kind: a.kind,
      title: a.title,
      description: a.description,
      place_id: a.place,
      organiser_id: a.organiser,
      capacity: a.capacity,
      points_mode: a.mode,
      points_rate: a.rate,
      points_cap: a.cap,
      review_required: a.review ? 1 : 0,
      notice_days: a.noticeDays,
      completion_percent: a.completion ?? null,
      created_at: now - 40 * DAY_MS,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const sessions = [];
  for (const [i, [s, e]] of a.slots.entries()) {
    const row = await tx
      .insertInto('activity_sessions')
      .values({ activity_id: id, seq: i + 1, starts_at: s, ends_at: e })
      .returning(['id', 'starts_at', 'ends_at'])
      .executeTakeFirstOrThrow();
    sessions.push(row);
  }
  return { id, sessions };
}

async function enrollUser(tx: Tx, activityId: number, user: number, showPublicly: boolean, at: number) {
  await tx
    .insertInto('enrollments')
    .values({ activity_id: activityId, user_id: user, status: 'enrolled', show_publicly: showPublicly ? 1 : 0, enrolled_at: at })
    .execute();
  await tx
    .updateTable('activities')
    .set((eb) => ({ enrolled_count: eb('enrolled_count', '+', 1) }))
    .where('id', '=', activityId)
    .execute();
}

/** Seeds the co-governance demo around `now`; does nothing when the demo users or places are missing. */
export async function seedCogov(db: Db, now: number): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const organiser = await userId(tx, 'organiser');
    const merchant = await userId(tx, 'merchant');
    const txlj = await userId(tx, 'resident.txlj');
    const txljPlace = await placeId(tx, '天香蓝郡', 'compound');
    const district = await placeId(tx, '平城区', 'district');
    const wenyinghu = await placeId(tx, '文瀛湖街道', 'street');
    if (!organiser || !merchant || !txlj || !txljPlace || !district || !wenyinghu) return;
    const today = shanghaiDayStart(shanghaiDate(now));
    const at = (dayOffset: number, hour: number) => today + dayOffset * DAY_MS + hour * HOUR;

    // 垃圾分类督导: Saturday-style mornings, two hours, 10 points an hour, public notice 3 days.
    const sorting = await addActivity(
      tx,
      {
        kind: 'duty',
        title: '天香蓝郡垃圾分类督导',
        description: '在垃圾投放点引导居民分类投放，每小时10积分，单次活动累计上限200积分；积分公示3天后到账。',
        place: txljPlace,
        organiser,
        capacity: 20,
        mode: 'per_hour',
        rate: 10,
        cap: 200,
        review: false,
        noticeDays: 3,
        slots: [-28, -21, -14, -7, 0 + 7, 14].map((d) => [at(d, 7), at(d, 9)] as [number, number]),
      },
      now,
    );
    await enrollUser(tx, sorting.id, txlj, true, now - 35 * DAY_MS);
    for (const s of sorting.sessions.filter((x) => x.ends_at < now)) {
      const { id } = await tx
        .insertInto('attendance')
        .values({
          session_id: s.id,
          activity_id: sorting.id,
          user_id: txlj,
          checked_in_at: s.starts_at,
          in_method: 'code',
          checked_out_at: s.ends_at,
          out_method: 'code',
          points: 20,
          review: 'auto',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const entry = await appendEntry(tx, {
        userId: txlj,
        kind: 'credit',
        delta: 20,
        reason: '天香蓝郡垃圾分类督导',
        refType: 'attendance',
        refId: id,
        activityId: sorting.id,
        settlesAt: s.ends_at + 3 * DAY_MS,
        createdBy: organiser,
        now: s.ends_at,
      });
      await tx.updateTable('attendance').set({ ledger_entry_id: entry }).where('id', '=', id).execute();
    }

    // 社区巡逻: evening patrols, 15 points each after the organiser's review.
    const patrol = await addActivity(
      tx,
      {
        kind: 'duty',
        title: '天香蓝郡社区巡逻',
        description: '志愿者夜间巡查楼道、消防通道和电动车充电区；每次15积分，经组织者审核并公示3天后到账。',
        place: txljPlace,
        organiser,
        capacity: 12,
        mode: 'per_attendance',
        rate: 15,
        cap: 150,
        review: true,
        noticeDays: 3,
        slots: [-10, -3, 4, 11].map((d) => [at(d, 19), at(d, 21)] as [number, number]),
      },
      now,
    );
    await enrollUser(tx, patrol.id, txlj, true, now - 20 * DAY_MS);
    const [first, second] = patrol.sessions;
    for (const [s, approved] of [
      [first!, true],
      [second!, false],
    ] as const) {
      const { id } = await tx
        .insertInto('attendance')
        .values({
          session_id: s.id,
          activity_id: patrol.id,
          user_id: txlj,
          checked_in_at: s.starts_at,
          in_method: 'organiser',
          points: 15,
          review: approved ? 'approved' : 'pending',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (approved) {
        const entry = await appendEntry(tx, {
          userId: txlj,
          kind: 'credit',
          delta: 15,
          reason: '天香蓝郡社区巡逻',
          refType: 'attendance',
          refId: id,
          activityId: patrol.id,
          settlesAt: s.ends_at + DAY_MS + 3 * DAY_MS,
          createdBy: organiser,
          now: s.ends_at + DAY_MS,
        });
        await tx.updateTable('attendance').set({ ledger_entry_id: entry }).where('id', '=', id).execute();
      }
    }

    // 残疾人职业技能培训班: 60 trainees, 20 days, completed at 80% attendance.
    await addActivity(
      tx,
      {
        kind: 'class',
        title: '残疾人职业技能培训班',
        description: '区残联举办，60名学员，为期20天（每天一节），出勤达80%即结业。',
        place: district,
        organiser,
        capacity: 60,
        mode: 'per_attendance',
        rate: 5,
        cap: 100,
        review: false,
        noticeDays: 0,
        completion: 80,
        slots: Array.from({ length: 20 }, (_, d) => [at(d - 5, 9), at(d - 5, 16)] as [number, number]),
      },
      now,
    );

    // 新生服务季: a past service day and what it delivered.
    const freshers = await addActivity(
      tx,
      {
        kind: 'service_day',
        title: '新生服务季',
        description: '文瀛湖街道联合山西大同大学开展新生接站、住宿协调与宣传服务。',
        place: wenyinghu,
        organiser,
        capacity: 200,
        mode: 'per_attendance',
        rate: 20,
        cap: 20,
        review: false,
        noticeDays: 0,
        slots: [[at(-75, 8), at(-75, 20)]],
      },
      now,
    );
    const outputs = [
      ['rides', '接送新生（车次）', 563],
      ['hotels', '对接酒店', 22],
      ['anti_fraud_leaflets', '反诈宣传单', 314],
      ['culture_leaflets', '文明宣传单', 2471],
      ['tickets', '代购车票', 203],
    ] as const;
    await tx
      .insertInto('activity_outputs')
      .values(
        outputs.map(([metric, label, quantity]) => ({
          activity_id: freshers.id,
          metric,
          label,
          quantity,
          recorded_by: organiser,
          recorded_at: at(-74, 10),
        })),
      )
      .execute();

    // 积分超市
    await tx
      .insertInto('rewards')
      .values([
        {
          name: '免费停车券',
          kind: 'parking',
          description: '天香蓝郡地面停车场免费停车一天',
          price: 50,
          stock: 100,
          merchant_user_id: merchant,
          unit_id: null,
          honoured_by: '宋玉梅便民服务店',
          place_id: txljPlace,
          valid_days: 30,
          created_at: now - 40 * DAY_MS,
        },
        {
          name: '家政服务（2小时）',
          kind: 'housekeeping',
          description: '上门保洁两小时',
          price: 120,
          stock: 20,
          merchant_user_id: merchant,
          unit_id: null,
          honoured_by: '宋玉梅便民服务店',
          place_id: txljPlace,
          valid_days: 30,
          created_at: now - 40 * DAY_MS,
        },
      ])
      .execute();

    await settleDue(tx, now);
  });
}
