/** Campaigns (专项行动): points with status, photos and counted quantities; the task force; progress by place and totals; closed points join a patrol route. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type Client, type TestServer } from '../../test/harness';
import { expectError, uploadPhoto } from '../testing';

let s: TestServer;
let supervisor: Client;
let supBds: Client;
let inspectorZj: Client;
let handlerPower: Client;
let handlerShy: Client;
let resident: Client;
const place = (k: string) => s.ids.places.get(k)!;
const unit = (k: string) => s.ids.units.get(k)!;
let campaign: { id: number; points: { id: number; version: number }[] };
let routeId: number;

const KINDS = [
  { code: 'wire_m', name: '剪除飞线', unit: '米' },
  { code: 'poles', name: '拆除线杆', unit: '根' },
  { code: 'wire_heads', name: '清理线头', unit: '个' },
  { code: 'boxes', name: '拆除箱体', unit: '个' },
];

beforeAll(async () => {
  s = await startTestServer();
  [supervisor, supBds, inspectorZj, handlerPower, handlerShy, resident] = await Promise.all(
    ['supervisor', 'supervisor.bds', 'inspector.zj', 'handler.power', 'handler.shy', 'resident'].map((u) => s.login(u)),
  );
  const team = await supervisor.post('/api/patrol-teams', { name: '古城巡查队', placeId: place('st-xijie'), members: [{ userId: s.ids.users.get('inspector.zj')! }] });
  const route = await supervisor.post('/api/patrol-routes', { teamId: team.body.id, name: '古城飞线点位复巡', placeId: place('st-xijie'), weekdays: '135' });
  routeId = route.body.id;
});
afterAll(async () => s?.close());

describe('a campaign', () => {
  it('is set up with quantity kinds, a coordinator and units, and points inside its area; bad input is 4xx', async () => {
    const body = {
      name: '老城区飞线整治',
      placeId: place('st-xijie'),
      startsOn: '2026-11-01',
      endsOn: '2026-12-31',
      quantityKinds: KINDS,
      coordinatorUnitId: unit('so-xijie'),
      unitIds: [unit('power-datong'), unit('tel-cmcc'), unit('tel-unicom'), unit('dept-chengguan')],
      points: [
        { name: '华严坊东巷口', placeId: place('cp-huayanfang'), unitId: unit('power-datong') },
        { name: '华严坊北门', placeId: place('cp-huayanfang') },
        { name: '鼓楼家园3号楼', placeId: place('cp-guloujiayuan') },
      ],
    };
    expectError(await resident.post('/api/campaigns', body), 403, 'forbidden');
    expectError(await s.anonymous().post('/api/campaigns', body), 401, 'unauthenticated');
    expectError(await supervisor.post('/api/campaigns', { ...body, quantityKinds: [KINDS[0], KINDS[0]] }), 400, 'validation', 'quantityKinds');
    expectError(await supervisor.post('/api/campaigns', { ...body, quantityKinds: [{ code: 'Wire M', name: 'x', unit: 'm' }] }), 400, 'validation');
    expectError(await supervisor.post('/api/campaigns', { ...body, coordinatorUnitId: 987654 }), 422, 'unknown_reference', 'coordinatorUnitId');
    expectError(await supervisor.post('/api/campaigns', { ...body, endsOn: '2026-10-01' }), 400, 'validation', 'endsOn');
    expectError(
      await supervisor.post('/api/campaigns', { ...body, points: [{ name: 'x', placeId: place('cp-lvdi') }] }),
      400,
      'validation',
      'points/0/placeId',
    );
    expectError(await supBds.post('/api/campaigns', body), 422, 'unknown_reference', 'placeId');
    expect(await s.ctx.db.selectFrom('campaigns').select('id').execute()).toEqual([]);

    const res = await supervisor.post('/api/campaigns', body);
    expect(res.status).toBe(201);
    campaign = res.body;
    expect(res.body.coordinator).toMatchObject({ name: '西街街道办事处', role: 'coordinator' });
    expect(res.body.units).toHaveLength(5);
    expect(res.body.totals).toEqual({ points: 3, pending: 3, inProgress: 0, done: 0, percent: 0, quantities: { wire_m: 0, poles: 0, wire_heads: 0, boxes: 0 } });
    expect(res.body.byPlace.map((g: { placeName: string; points: number }) => [g.placeName, g.points])).toEqual([
      ['华严寺社区', 2],
      ['鼓楼社区', 1],
    ]);
  });

  it('is seen by its task force and staff of the area only', async () => {
    expect((await handlerPower.get(`/api/campaigns/${campaign.id}`)).status).toBe(200);
    expect((await handlerPower.get('/api/campaigns')).body.map((c: { id: number }) => c.id)).toEqual([campaign.id]);
    expectError(await handlerShy.get(`/api/campaigns/${campaign.id}`), 404, 'not_found');
    expectError(await supBds.get(`/api/campaigns/${campaign.id}`), 404, 'not_found');
    expect((await supBds.get('/api/campaigns')).body).toEqual([]);
  });

  it('records progress at points: status, quantities of the campaign’s kinds, before photos; stale versions conflict', async () => {
    const [p1, p2] = campaign.points;
    const before = await uploadPhoto(handlerPower);
    expectError(
      await handlerPower.request('PATCH', `/api/campaigns/${campaign.id}/points/${p1!.id}`, { quantities: { metres: 3 } }),
      400,
      'validation',
      'quantities',
    );
    expectError(await handlerPower.request('PATCH', `/api/campaigns/${campaign.id}/points/${p1!.id}`, { quantities: { wire_m: -1 } }), 400, 'validation');
    expectError(await handlerPower.request('PATCH', `/api/campaigns/${campaign.id}/points/${p1!.id}`, { status: 'done' }), 400, 'validation');
    expectError(await handlerPower.request('PATCH', `/api/campaigns/${campaign.id}/points/987654`, { status: 'in_progress' }), 404, 'not_found', 'pointId');
    const res = await handlerPower.request('PATCH', `/api/campaigns/${campaign.id}/points/${p1!.id}`, {
      status: 'in_progress',
      quantities: { wire_m: 320.5, wire_heads: 12 },
      beforePhotos: [before],
      version: p1!.version,
    });
    expect(res.status).toBe(200);
    const point = res.body.points.find((p: { id: number }) => p.id === p1!.id);
    expect(point).toMatchObject({ status: 'in_progress', statusName: '整治中', quantities: { wire_m: 320.5, wire_heads: 12 }, version: 2 });
    expect(point.photos).toEqual([{ id: before, phase: 'before', url: `/api/fieldwork-photos/${before}` }]);
    expectError(
      await handlerPower.request('PATCH', `/api/campaigns/${campaign.id}/points/${p1!.id}`, { status: 'pending', version: 1 }),
      409,
      'conflict',
      'version',
    );
    // The counted amount is the point's running figure: a correction replaces it.
    await supervisor.request('PATCH', `/api/campaigns/${campaign.id}/points/${p2!.id}`, { quantities: { wire_m: 100, poles: 1 } });
    const again = await supervisor.request('PATCH', `/api/campaigns/${campaign.id}/points/${p2!.id}`, { quantities: { wire_m: 150 } });
    expect(again.body.totals.quantities).toEqual({ wire_m: 470.5, poles: 1, wire_heads: 12, boxes: 0 });
    expect((await handlerPower.get(`/api/fieldwork-photos/${before}`)).status).toBe(200);
    expectError(await handlerShy.get(`/api/fieldwork-photos/${before}`), 404, 'not_found');
  });

  it('closes a point with an after photo and puts it on a patrol route as a checkpoint', async () => {
    const [p1] = campaign.points;
    expectError(await inspectorZj.post(`/api/campaigns/${campaign.id}/points/${p1!.id}/close`, { routeId }), 422, 'rule_violation', 'afterPhotos');
    expectError(await inspectorZj.post(`/api/campaigns/${campaign.id}/points/${p1!.id}/close`, { routeId: 987654 }), 422, 'unknown_reference', 'routeId');
    expectError(await handlerPower.post(`/api/campaigns/${campaign.id}/points/${p1!.id}/close`, { routeId }), 403, 'forbidden');
    const after = await uploadPhoto(inspectorZj);
    const res = await inspectorZj.post(`/api/campaigns/${campaign.id}/points/${p1!.id}/close`, {
      routeId,
      afterPhotos: [after],
      quantities: { wire_m: 350, poles: 2, boxes: 1 },
      checkpointKind: 'flying_wire',
    });
    expect(res.status).toBe(200);
    const point = res.body.points.find((p: { id: number }) => p.id === p1!.id);
    expect(point).toMatchObject({ status: 'done', quantities: { wire_m: 350, poles: 2, wire_heads: 12, boxes: 1 } });
    expect(point.photos.map((p: { phase: string }) => p.phase)).toEqual(['before', 'after']);
    expect(res.body.totals).toMatchObject({ points: 3, done: 1, inProgress: 0, pending: 2, percent: 33 });
    expect(res.body.byPlace[0]).toMatchObject({ placeName: '华严寺社区', done: 1, points: 2, percent: 50 });

    const route = await supervisor.get(`/api/patrol-routes/${routeId}`);
    const cp = route.body.checkpoints.find((c: { campaignPointId: number }) => c.campaignPointId === p1!.id);
    expect(cp).toMatchObject({ kind: 'flying_wire', kindName: '飞线点位', name: '老城区飞线整治·华严坊东巷口', placeId: place('cp-huayanfang') });
    expect(point.checkpointId).toBe(cp.id);

    expectError(await inspectorZj.post(`/api/campaigns/${campaign.id}/points/${p1!.id}/close`, { routeId }), 422, 'rule_violation', 'status');
    expectError(await handlerPower.request('PATCH', `/api/campaigns/${campaign.id}/points/${p1!.id}`, { status: 'in_progress' }), 422, 'rule_violation');
    const events = await s.ctx.db.selectFrom('supervision_events').select('action').where('entity', '=', 'campaign').where('entity_id', '=', campaign.id).orderBy('id').execute();
    expect(events.map((e) => e.action)).toEqual(['create', 'point_update', 'point_update', 'point_update', 'point_close']);
  });

  it('grows: more units join the task force, more points are added', async () => {
    const u = await supervisor.post(`/api/campaigns/${campaign.id}/units`, { unitIds: [unit('tel-telecom'), unit('tel-cmcc')] });
    expect(u.body.units).toHaveLength(6);
    const p = await supervisor.post(`/api/campaigns/${campaign.id}/points`, { name: '鼓楼家园南门', placeId: place('cp-guloujiayuan') });
    expect(p.status).toBe(201);
    expect(p.body.totals.points).toBe(4);
    expectError(await supervisor.post(`/api/campaigns/${campaign.id}/units`, { unitIds: [987654] }), 422, 'unknown_reference', 'unitIds');
  });
});
