/** Open311 discovery, services and service definitions, in XML and JSON, against the spec. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness';
import { expectError, expectSchema, json, mirror, parseXml, SPEC } from './test-support';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => s?.close());

describe('GET discovery', () => {
  it('describes the endpoint in both formats, with a changeset in the past', async () => {
    const j = await s.anonymous().get('/open311/v2/discovery.json');
    expect(j.status).toBe(200);
    const d = json(j);
    expectSchema(SPEC.discovery, d);
    expect(Date.parse(d.changeset)).toBeLessThan(s.clock.now());
    expect(d.endpoints[0].url).toBe(`${s.url}/open311/v2`);
    expect(d.endpoints[0].formats).toEqual(['text/xml', 'application/json']);

    const x = parseXml(await s.anonymous().get('/open311/v2/discovery.xml'));
    expect(x).toEqual({ discovery: mirror('discovery', d) });
    expect(x.discovery.endpoints.endpoint[0].formats.format).toEqual(['text/xml', 'application/json']);
  });
});

describe('GET services', () => {
  it('lists every leaf category as a service with its group, keywords and metadata', async () => {
    const res = await s.anonymous().get('/open311/v2/services.json');
    expect(res.status).toBe(200);
    const services = json(res);
    expectSchema(SPEC.services, services);

    const leaves = await s.ctx.db
      .selectFrom('categories as c')
      .select('c.code')
      .where((eb) => eb.not(eb.exists(eb.selectFrom('categories as ch').select('ch.id').whereRef('ch.parent_id', '=', 'c.id'))))
      .execute();
    expect(services.map((x: any) => x.service_code).sort()).toEqual(leaves.map((l) => l.code).sort());
    // Parents are groups, not services.
    expect(services.find((x: any) => x.service_code === 'heating')).toBeUndefined();

    const leak = services.find((x: any) => x.service_code === 'heating-leak');
    expect(leak).toMatchObject({ service_name: '暖气管道漏水', group: '供暖', metadata: true, type: 'realtime' });
    expect(leak.keywords.split(', ')).toContain('漏水');
    expect(services.find((x: any) => x.service_code === 'power-outage').metadata).toBe(false);

    const x = parseXml(await s.anonymous().get('/open311/v2/services.xml'));
    expect(x).toEqual({ services: mirror('services', services) });
    expect(x.services.service.find((v: any) => v.service_code === 'heating-leak').metadata).toBe('true');
  });

  it('marks an inactive category with the keyword FixMyStreet reads as inactive', async () => {
    await s.ctx.db.updateTable('categories').set({ active: 0 }).where('code', '=', 'other-suggestion').execute();
    try {
      const services = json(await s.anonymous().get('/open311/v2/services.json'));
      expect(services.find((x: any) => x.service_code === 'other-suggestion').keywords.split(', ')).toContain('inactive');
      expect(services.find((x: any) => x.service_code === 'other-consult').keywords.split(', ')).not.toContain('inactive');
    } finally {
      await s.ctx.db.updateTable('categories').set({ active: 1 }).where('code', '=', 'other-suggestion').execute();
    }
  });
});

describe('GET services/{code}', () => {
  it('gives the category questions as attributes, with all six datatypes across the services', async () => {
    const res = await s.anonymous().get('/open311/v2/services/heating-leak.json');
    expect(res.status).toBe(200);
    const def = json(res);
    expectSchema(SPEC.serviceDefinition, def);
    expect(def.service_code).toBe('heating-leak');
    expect(def.attributes.map((a: any) => a.code)).toEqual(['leak_location', 'affects_business', 'found_at', 'door_no']);
    expect(def.attributes.map((a: any) => a.order)).toEqual([1, 2, 3, 4]);
    const where = def.attributes[0];
    expect(where).toMatchObject({ variable: true, datatype: 'singlevaluelist', required: true });
    expect(where.values).toEqual([
      { key: 'indoor', name: '户内' },
      { key: 'stairwell', name: '楼道' },
      { key: 'pipe_well', name: '管井' },
      { key: 'outdoor', name: '室外' },
    ]);
    expect(def.attributes[2]).toMatchObject({ datatype: 'datetime', required: false, values: [] });

    const x = parseXml(await s.anonymous().get('/open311/v2/services/heating-leak.xml'));
    expect(x).toEqual({ service_definition: mirror('service_definition', def) });
    expect(x.service_definition.attributes.attribute[0].values.value[1]).toEqual({ key: 'stairwell', name: '楼道' });

    const withMetadata = json(await s.anonymous().get('/open311/v2/services.json')).filter((v: any) => v.metadata);
    const datatypes = new Set<string>();
    for (const svc of withMetadata) {
      const d = json(await s.anonymous().get(`/open311/v2/services/${svc.service_code}.json`));
      expectSchema(SPEC.serviceDefinition, d);
      expect(d.attributes.length).toBeGreaterThan(0);
      for (const a of d.attributes) {
        datatypes.add(a.datatype);
        if (a.datatype.endsWith('valuelist')) expect(a.values.length).toBeGreaterThan(0);
      }
    }
    expect([...datatypes].sort()).toEqual(['datetime', 'multivaluelist', 'number', 'singlevaluelist', 'string', 'text']);
  });

  it('a service without questions has an empty attribute list', async () => {
    const def = json(await s.anonymous().get('/open311/v2/services/power-outage.json'));
    expect(def).toEqual({ service_code: 'power-outage', attributes: [] });
    const x = parseXml(await s.anonymous().get('/open311/v2/services/power-outage.xml'));
    expect(x).toEqual({ service_definition: { service_code: 'power-outage', attributes: '' } });
  });

  it('answers 404 in the standard error shape for an unknown service, resource or format', async () => {
    await expectError(s, 'GET', '/open311/v2/services/no-such-thing.{fmt}', 404);
    await expectError(s, 'GET', '/open311/v2/services/heating.{fmt}', 404); // a group, not a service
    await expectError(s, 'GET', '/open311/v2/nothing-here.{fmt}', 404);
    const html = await s.anonymous().get('/open311/v2/services.html');
    expect(html.status).toBe(404);
    expect(parseXml(html).errors.error[0].code).toBe('404');
  });
});
