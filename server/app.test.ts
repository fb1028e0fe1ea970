/** The application's own endpoints: health check, the OpenAPI document and its rendered docs. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ACTIONS } from '../common/lifecycle';
import { DEFAULT_NOW, ENGINE, startTestServer, type TestServer } from './test/harness';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => s?.close());

describe('GET /healthz', () => {
  it('answers 200 JSON with the engine and the server time, without signing in', async () => {
    const r = await s.anonymous().get('/healthz');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(r.body).toEqual({ ok: true, engine: ENGINE, time: new Date(DEFAULT_NOW).toISOString() });
  });
});

describe('GET /api/openapi.json', () => {
  let doc: {
    openapi: string;
    info: { title: string };
    paths: Record<string, Record<string, { requestBody?: unknown; responses: Record<string, unknown>; parameters?: { name: string; in: string }[] }>>;
    components: { securitySchemes: Record<string, unknown> };
  };
  beforeAll(async () => {
    const r = await s.anonymous().get('/api/openapi.json');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json; charset=utf-8');
    doc = r.body;
  });

  it('is OpenAPI 3.1 with both ways to authenticate', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Gongzhi 共治 API');
    expect(doc.components.securitySchemes).toEqual({
      session: { type: 'apiKey', in: 'cookie', name: 'gz_session' },
      bearer: { type: 'http', scheme: 'bearer' },
    });
  });

  it('lists the work-order paths with their methods', () => {
    expect(Object.keys(doc.paths['/api/work-orders']!).sort()).toEqual(['get', 'post']);
    expect(Object.keys(doc.paths['/api/work-orders/{id}']!)).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/work-orders/{id}/unit-suggestions']!)).toEqual(['get']);
    expect(Object.keys(doc.paths['/api/attachments']!)).toEqual(['post']);
    expect(Object.keys(doc.paths['/api/attachments/{id}']!)).toEqual(['get']);
    const list = doc.paths['/api/work-orders']!.get!;
    expect(list.parameters!.filter((p) => p.in === 'query').map((p) => p.name)).toEqual(
      expect.arrayContaining(['status', 'categoryId', 'placeId', 'unitId', 'channel', 'overdue', 'from', 'to', 'q', 'page', 'pageSize', 'sort']),
    );
  });

  it('lists every lifecycle action as a POST with a body and the error responses', () => {
    expect(ACTIONS).toHaveLength(23);
    for (const action of ACTIONS) {
      const path = `/api/work-orders/{id}/${action.replaceAll('_', '-')}`;
      const op = doc.paths[path]?.post;
      expect(op, path).toBeDefined();
      expect(op!.requestBody, path).toBeDefined();
      expect(Object.keys(op!.responses).sort(), path).toEqual(['200', '400', '401', '403', '404', '409', '422']);
      expect(op!.parameters!.map((p) => [p.in, p.name]), path).toEqual([['path', 'id']]);
    }
  });

  it('documents the one error shape', () => {
    const e = doc.paths['/api/work-orders']!.post!.responses['422'] as { content: Record<string, { schema: { properties: { error: { properties: Record<string, unknown>; required: string[] } } } }> };
    const error = e.content['application/json']!.schema.properties.error;
    expect(Object.keys(error.properties).sort()).toEqual(['code', 'field', 'message', 'message_en', 'message_zh']);
    expect(error.required.sort()).toEqual(['code', 'message', 'message_en', 'message_zh']);
  });
});

describe('GET /api/docs', () => {
  it('renders the document as an HTML page', async () => {
    const r = await s.anonymous().get('/api/docs');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = (r.body as Buffer).toString('utf8');
    expect(html).toContain('<!DOCTYPE html>');
    expect(html).toContain('swagger-ui');
    const json = await s.anonymous().get('/api/docs/json');
    expect(json.status).toBe(200);
    expect(json.body.openapi).toBe('3.1.0');
  });
});

describe.runIf(ENGINE === 'postgres')('when PostgreSQL drops idle connections', () => {
  it('keeps serving: the pool opens new connections and the process does not crash', async () => {
    const dispatcher = await s.login('dispatcher');
    expect((await dispatcher.get('/api/work-orders')).status).toBe(200);
    const killed = await sql<{ n: number }>`select count(*)::int as n from (select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and state = 'idle') t`.execute(s.ctx.db);
    expect(killed.rows[0]!.n).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 200)); // let the FATAL messages reach the idle clients
    expect((await dispatcher.get('/api/work-orders')).status).toBe(200);
  });
});
