/**
 * Sign-in: password login (username, or phone for residents), the HTTP-only session cookie,
 * logout, bearer tokens for integrations, disabled accounts and the login rate limit.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../demo/district';
import { hashToken } from './password';
import { Client, DEFAULT_NOW, startTestServer, type TestServer } from '../test/harness';

let s: TestServer;
beforeAll(async () => {
  s = await startTestServer();
});
afterAll(async () => s?.close());
beforeEach(() => s.clock.set(DEFAULT_NOW));

/** The raw Set-Cookie header of a response, split into its attributes. */
function cookieAttributes(header: string | null): { name: string; value: string; attrs: string[] } {
  expect(header).toBeTruthy();
  const [pair, ...attrs] = header!.split(';').map((p) => p.trim());
  const [name, value] = pair!.split('=') as [string, string];
  return { name, value, attrs: attrs.map((a) => a.toLowerCase()) };
}

describe('login', () => {
  it('signs in with a username and answers who it is', async () => {
    const c = s.anonymous();
    const r = await c.post('/api/auth/login', { username: 'handler.shy', password: DEMO_PASSWORD });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      user: {
        id: s.ids.users.get('handler.shy'),
        username: 'handler.shy',
        name: '陈晓东',
        role: 'handler',
        unitId: s.ids.units.get('pc-huayu'),
        unitName: '大同华宇物业服务有限公司',
        placeId: null,
        placeName: null,
        phone: '18603520006',
      },
    });
    const me = await c.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe('handler.shy');
  });

  it('signs a resident in with their phone number', async () => {
    const c = s.anonymous();
    const r = await c.post('/api/auth/login', { username: '13303520021', password: DEMO_PASSWORD });
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ username: 'resident.shy', role: 'resident', placeName: '2号楼' });
  });

  it('does not sign staff in by phone number', async () => {
    const r = await s.anonymous().post('/api/auth/login', { username: '15003520004', password: DEMO_PASSWORD });
    expect(r.status).toBe(401);
    expect(r.body.error).toMatchObject({ code: 'bad_credentials', field: 'password' });
  });

  it('answers a wrong password and an unknown user alike: 401 bad_credentials, no cookie', async () => {
    const wrong = await s.anonymous().post('/api/auth/login', { username: 'dispatcher', password: 'demo12345' });
    const unknown = await s.anonymous().post('/api/auth/login', { username: 'nobody', password: DEMO_PASSWORD });
    for (const r of [wrong, unknown]) {
      expect(r.status).toBe(401);
      expect(r.body.error).toMatchObject({ code: 'bad_credentials', field: 'password', message_en: 'Wrong username or password' });
      expect(r.headers.get('set-cookie')).toBeNull();
    }
    expect(unknown.body).toEqual(wrong.body);
  });

  it('refuses an empty or missing password with 400', async () => {
    const r = await s.anonymous().post('/api/auth/login', { username: 'dispatcher', password: '' });
    expect(r.status).toBe(400);
    expect(r.body.error).toMatchObject({ code: 'validation', field: 'password' });
    const m = await s.anonymous().post('/api/auth/login', { username: 'dispatcher' });
    expect(m.body.error).toMatchObject({ code: 'validation', field: 'password' });
  });
});

describe('the session cookie', () => {
  it('is HttpOnly, SameSite=Lax, site-wide, lasts the session TTL, and is stored only as a hash', async () => {
    const r = await s.anonymous().post('/api/auth/login', { username: 'dispatcher', password: DEMO_PASSWORD });
    const c = cookieAttributes(r.headers.get('set-cookie'));
    expect(c.name).toBe('gz_session');
    expect(c.value.length).toBeGreaterThanOrEqual(40);
    expect(c.attrs).toContain('httponly');
    expect(c.attrs).toContain('samesite=lax');
    expect(c.attrs).toContain('path=/');
    expect(c.attrs).toContain(`max-age=${12 * 3600}`);
    expect(c.attrs).not.toContain('secure'); // plain http in the test
    const rows = await s.ctx.db.selectFrom('sessions').select(['id', 'expires_at']).where('user_id', '=', s.ids.users.get('dispatcher')!).execute();
    expect(rows.map((x) => x.id)).toContain(hashToken(c.value));
    expect(rows.map((x) => x.id)).not.toContain(c.value);
  });

  it('is Secure when the proxy says the request came over https', async () => {
    const r = await s.anonymous().post('/api/auth/login', { username: 'dispatcher', password: DEMO_PASSWORD }, { 'x-forwarded-proto': 'https' });
    expect(cookieAttributes(r.headers.get('set-cookie')).attrs).toContain('secure');
  });

  it('ends after the session TTL', async () => {
    const c = await s.login('supervisor');
    s.clock.advance(12 * 3600_000 - 1000);
    expect((await c.get('/api/auth/me')).status).toBe(200);
    s.clock.advance(2000);
    const r = await c.get('/api/auth/me');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('unauthenticated');
  });

  it('is refused when forged', async () => {
    const c = new Client(s.url);
    c.cookie = 'gz_session=forged-value';
    const r = await c.get('/api/auth/me');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('unauthenticated');
  });
});

describe('/api/auth/me and logout', () => {
  it('answers 401 unauthenticated without a session', async () => {
    const r = await s.anonymous().get('/api/auth/me');
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: { code: 'unauthenticated', message: '请先登录 / Please sign in', message_zh: '请先登录', message_en: 'Please sign in' } });
  });

  it('logout ends the session on the server, not just in the browser', async () => {
    const c = await s.login('admin');
    const stolen = c.cookie!;
    const out = await c.post('/api/auth/logout');
    expect(out.status).toBe(204);
    const cleared = cookieAttributes(out.headers.get('set-cookie'));
    expect(cleared.name).toBe('gz_session');
    expect(cleared.value).toBe('');
    const replay = new Client(s.url);
    replay.cookie = stolen;
    const r = await replay.get('/api/auth/me');
    expect(r.status).toBe(401);
    const left = await s.ctx.db.selectFrom('sessions').select('id').where('id', '=', hashToken(stolen.split('=')[1]!)).execute();
    expect(left).toEqual([]);
  });

  it('logout without a session is harmless', async () => {
    expect((await s.anonymous().post('/api/auth/logout')).status).toBe(204);
  });
});

describe('bearer tokens', () => {
  it('are issued to a signed-in user only, once, and work in the Authorization header', async () => {
    expect((await s.anonymous().post('/api/auth/tokens', { name: '12345 对接' })).status).toBe(401);
    const c = await s.login('dispatcher');
    const bad = await c.post('/api/auth/tokens', {});
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'validation', field: 'name' });
    const r = await c.post('/api/auth/tokens', { name: '12345 对接' });
    expect(r.status).toBe(201);
    expect(r.body.token).toMatch(/^gz_[A-Za-z0-9_-]{40,}$/);
    const row = await s.ctx.db.selectFrom('api_tokens').selectAll().where('id', '=', r.body.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(hashToken(r.body.token));
    expect(row.name).toBe('12345 对接');

    const api = new Client(s.url, { authorization: `Bearer ${r.body.token}` });
    const me = await api.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe('dispatcher');
    const list = await api.get('/api/work-orders');
    expect(list.status).toBe(200);
    expect(api.cookie).toBeNull(); // no session is created for token calls
    const lower = await new Client(s.url, { authorization: `bearer ${r.body.token}` }).get('/api/auth/me');
    expect(lower.status).toBe(200);
  });

  it('a wrong, empty or revoked token is 401 on the authorization field', async () => {
    const c = await s.login('dispatcher');
    const { body } = await c.post('/api/auth/tokens', { name: 'to revoke' });
    for (const header of ['Bearer gz_not-a-token', 'Bearer ', 'Bearer', `Bearer ${body.token}x`]) {
      const r = await new Client(s.url, { authorization: header }).get('/api/auth/me');
      expect(r.status, header).toBe(401);
      expect(r.body.error, header).toMatchObject({ code: 'unauthenticated', field: 'authorization' });
    }
    await s.ctx.db.updateTable('api_tokens').set({ revoked_at: s.clock.now() }).where('id', '=', body.id).execute();
    const r = await new Client(s.url, { authorization: `Bearer ${body.token}` }).get('/api/auth/me');
    expect(r.status).toBe(401);
    expect(r.body.error.field).toBe('authorization');
  });

  it('a bad token is refused even with a valid session cookie alongside', async () => {
    const c = await s.login('dispatcher');
    const r = await c.request('GET', '/api/auth/me', undefined, { authorization: 'Bearer nope' });
    expect(r.status).toBe(401);
  });
});

describe('a disabled account', () => {
  it('loses its open session and tokens, and cannot sign in again', async () => {
    const c = await s.login('resident.dfl');
    const { body } = await c.post('/api/auth/tokens', { name: 'app' });
    expect((await c.get('/api/auth/me')).status).toBe(200);
    await s.ctx.db.updateTable('users').set({ active: 0 }).where('username', '=', 'resident.dfl').execute();
    try {
      const me = await c.get('/api/auth/me');
      expect(me.status).toBe(401);
      expect(me.body.error.code).toBe('unauthenticated');
      expect((await c.get('/api/work-orders')).status).toBe(401);
      expect((await new Client(s.url, { authorization: `Bearer ${body.token}` }).get('/api/auth/me')).status).toBe(401);
      const again = await s.anonymous().post('/api/auth/login', { username: 'resident.dfl', password: DEMO_PASSWORD });
      expect(again.status).toBe(401);
      expect(again.body.error.code).toBe('bad_credentials');
    } finally {
      await s.ctx.db.updateTable('users').set({ active: 1 }).where('username', '=', 'resident.dfl').execute();
    }
    expect((await c.get('/api/auth/me')).status).toBe(200);
  });
});

describe('the login rate limit', () => {
  const attempt = (username: string, password: string, headers: Record<string, string> = {}) =>
    s.anonymous().post('/api/auth/login', { username, password }, headers);

  it('refuses with 429 after 10 failures, even the right password, until the window ends', async () => {
    for (let i = 0; i < 10; i++) {
      const r = await attempt('inspector', `wrong-${i}`);
      expect(r.status, `attempt ${i + 1}`).toBe(401);
    }
    const locked = await attempt('inspector', DEMO_PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('rate_limited');
    expect(locked.headers.get('set-cookie')).toBeNull();
    // Another account from the same address is not affected.
    expect((await attempt('inspector.zj', DEMO_PASSWORD)).status).toBe(200);
    // Case and blanks do not make a new username.
    expect((await attempt(' Inspector ', DEMO_PASSWORD)).status).toBe(429);
    s.clock.advance(15 * 60_000 + 1000);
    expect((await attempt('inspector', DEMO_PASSWORD)).status).toBe(200);
  });

  it('a forged X-Forwarded-For does not buy more than 30 guesses per username', async () => {
    for (let i = 0; i < 30; i++) {
      const r = await attempt('organiser', `wrong-${i}`, { 'x-forwarded-for': `10.0.${i}.1` });
      expect(r.status, `attempt ${i + 1}`).toBe(401);
    }
    const r = await attempt('organiser', DEMO_PASSWORD, { 'x-forwarded-for': '10.9.9.9' });
    expect(r.status).toBe(429);
    expect(r.body.error.code).toBe('rate_limited');
  });

  it('a successful login clears the client’s failures', async () => {
    for (let i = 0; i < 9; i++) expect((await attempt('merchant', `wrong-${i}`)).status).toBe(401);
    expect((await attempt('merchant', DEMO_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 9; i++) expect((await attempt('merchant', `wrong-${i}`)).status).toBe(401);
    expect((await attempt('merchant', DEMO_PASSWORD)).status).toBe(200);
  });
});
