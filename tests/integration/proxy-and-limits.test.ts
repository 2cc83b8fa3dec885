import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { webchatRoutes } from '../../src/channels/webchat/routes';
import { createApp } from '../../src/platform/http/create-app';
import { createLogger } from '../../src/platform/logger';
import { loadPracticeProfile } from '../../src/practice/practice-profile';
import { createStore } from '../../src/create-store';
import { closeWhenFileEnds } from '../helpers/close-when-file-ends';
import { login, signIn } from '../helpers/staff-client';
import { LogCapture, startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';

const from = (address: string, extra: Record<string, string> = {}) => ({ 'x-forwarded-for': address, ...extra });

describe('Sign-in behind a reverse proxy', () => {
  let fd: Frontdesk;
  afterEach(async () => {
    await fd.close();
  });

  test('when 20 sign-ins fail from one client behind a trusted proxy, then the admin still signs in with the right password, from that client and from another', async () => {
    fd = await startFrontdesk({ env: { TRUST_PROXY: 'loopback' } });
    await signIn(fd, 'admin@example.org', 'admin');
    const guesses = await Promise.all(
      Array.from({ length: 20 }, (_, i) => login(fd, `guess${i}@example.org`, 'not the password', from('198.51.100.7'))),
    );
    expect(guesses.map((r) => r.status)).toEqual(Array(20).fill(401));
    expect((await login(fd, 'admin@example.org', undefined, from('198.51.100.7'))).status).toBe(200);
    expect((await login(fd, 'admin@example.org', undefined, from('203.0.113.40'))).status).toBe(200);
    const failures = (await fd.server.store.audit.search({ limit: 100 })).filter((a) => a.action === 'auth.login_failed');
    expect(new Set(failures.map((a) => a.ip))).toEqual(new Set(['198.51.100.7']));
  }, 120_000);

  test('when requests carry X-Forwarded-For while TRUST_PROXY is off, then the log warns once and names TRUST_PROXY', async () => {
    fd = await startFrontdesk();
    await fetch(`${fd.server.url}/healthz`, { headers: from('198.51.100.9') });
    await fetch(`${fd.server.url}/healthz`, { headers: from('198.51.100.10') });
    const warnings = fd.logs.lines.filter((l) => l.includes('X-Forwarded-For'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/TRUST_PROXY/);
    expect(JSON.parse(warnings[0] as string).level).toBe(40);
  });

  test('when TRUST_PROXY is set, then no warning is logged for forwarded requests', async () => {
    fd = await startFrontdesk({ env: { TRUST_PROXY: 'loopback' } });
    await fetch(`${fd.server.url}/healthz`, { headers: from('198.51.100.9') });
    expect(fd.logs.lines.filter((l) => l.includes('X-Forwarded-For'))).toHaveLength(0);
  });
});

describe('Session cookie and caching headers behind a TLS proxy', () => {
  let fd: Frontdesk;
  afterEach(async () => {
    await fd.close();
  });

  test('when COOKIE_SECURE=auto and a trusted proxy says https, then the cookie is Secure with the __Host- name and works on the next request', async () => {
    fd = await startFrontdesk({ env: { TRUST_PROXY: 'loopback' } });
    await signIn(fd, 'dana@example.org', 'clinician');
    const res = await login(fd, 'dana@example.org', undefined, from('198.51.100.20', { 'x-forwarded-proto': 'https' }));
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^__Host-frontdesk_session=[A-Za-z0-9_-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+; Secure$/);
    const me = await fetch(`${fd.server.url}/api/session`, {
      headers: { cookie: cookie.split(';')[0] as string, 'x-forwarded-proto': 'https' },
    });
    expect(me.status).toBe(200);
  });

  test('when the proxy is not trusted, then X-Forwarded-Proto is ignored and the cookie is the plain, non-Secure one', async () => {
    fd = await startFrontdesk();
    await signIn(fd, 'dana@example.org', 'clinician');
    const res = await login(fd, 'dana@example.org', undefined, { 'x-forwarded-proto': 'https' });
    expect(res.headers.get('set-cookie')).toMatch(/^frontdesk_session=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
  });

  test('when responses carry patient data (queue, thread, chat transcript, session), then they are Cache-Control: no-store', async () => {
    fd = await startFrontdesk();
    const dana = await signIn(fd, 'dana@example.org', 'clinician');
    const { sessionId } = (await (await fetch(`${fd.server.url}/chat/api/sessions`, { method: 'POST' })).json()) as { sessionId: string };
    await fetch(`${fd.server.url}/chat/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sessionId, clientMessageId: 'c1', text: 'can i talk to a real person' }),
    });
    await fd.server.idle();
    const responses = [
      await dana.call('/api/escalations'),
      await dana.call('/api/escalations/1'),
      await dana.call('/api/escalations/1/export'),
      await dana.call('/api/search?q=person'),
      await dana.call('/api/session'),
      await fetch(`${fd.server.url}/chat/api/messages?sessionId=${sessionId}`),
      await fetch(`${fd.server.url}/api/escalations`),
    ];
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200, 401]);
    expect(responses.map((r) => r.headers.get('cache-control'))).toEqual(Array(responses.length).fill('no-store'));
  });
});

describe('Public chat limits', () => {
  /** The chat routes with small limits, on a real store, behind a trusted proxy: every client has its own address. */
  async function setup(limits = { perSession: 3, perAddress: 5, sessionsPerAddress: 4 }) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-limits-'));
    const store = createStore(path.join(dir, 'frontdesk.db'));
    const ingested: string[] = [];
    const log = createLogger('silent', new LogCapture());
    const ctx = {
      store,
      log,
      now: Date.now,
      practice: loadPracticeProfile(),
      ingest: async (events: ReadonlyArray<{ eventId: string }>) => {
        ingested.push(...events.map((e) => e.eventId));
        return events.length;
      },
    };
    const app = createApp({ log, ready: async () => true, routers: [webchatRoutes({ channelId: 'webchat', limits }, ctx)] });
    app.set('trust proxy', 'loopback');
    const server = await new Promise<import('node:http').Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    let n = 0;
    const post = (sessionId: string, text: string, address = '198.51.100.50') => {
      n += 1;
      return fetch(`${url}/chat/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
        body: JSON.stringify({ sessionId, clientMessageId: `c${n}`, text }),
      });
    };
    const close = closeWhenFileEnds(async () => {
      await new Promise((r) => server.close(r));
      await store.close();
    });
    return { post, ingested, close, url };
  }
  const session = (i: number) => i.toString(16).padStart(32, '0');

  test('when one session floods, then it alone is limited and another patient at the same address still gets through', async () => {
    const s = await setup();
    for (let i = 0; i < 3; i += 1) expect((await s.post(session(1), `hello ${i}`)).status).toBe(202);
    expect((await s.post(session(1), 'hello again')).status).toBe(429);
    expect((await s.post(session(2), 'what time do you open')).status).toBe(202);
    await s.close();
  });

  test('when an address reaches its ceiling, then further messages from it get 429 but other addresses do not', async () => {
    const s = await setup();
    for (let i = 0; i < 5; i += 1) expect((await s.post(session(10 + i), 'hello')).status).toBe(202);
    const limited = await s.post(session(20), 'hello');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await s.post(session(21), 'hello', '203.0.113.60')).status).toBe(202);
    await s.close();
  });

  test('when an address is at its ceiling and a new session reports an emergency, then its first message is still accepted', async () => {
    const s = await setup();
    for (let i = 0; i < 5; i += 1) expect((await s.post(session(30 + i), 'hello')).status).toBe(202);
    expect((await s.post(session(40), 'hello')).status).toBe(429);
    const emergency = await s.post(session(41), 'my chest hurts and my left arm feels numb');
    expect(emergency.status).toBe(202);
    expect(s.ingested).toContain(`${session(41)}:c${7}`);
    // The same pre-scan as the inbox's, in every language it reads.
    expect((await s.post(session(43), 'me duele mucho el pecho y no puedo respirar')).status).toBe(202);
    // Only the first message of a new session is exempt: an ordinary message is still held back.
    expect((await s.post(session(42), 'what are your opening hours')).status).toBe(429);
    await s.close();
  });

  test('when the chat page cannot get a session id from a busy server, then it still lets the patient write', async () => {
    const s = await setup({ perSession: 3, perAddress: 5, sessionsPerAddress: 0 });
    const refused = await fetch(`${s.url}/chat/api/sessions`, { method: 'POST', headers: { 'x-forwarded-for': '198.51.100.70' } });
    expect(refused.status).toBe(429);
    const page = await (await fetch(`${s.url}/chat/chat.js`)).text();
    expect(page).toContain('localSessionId()');
    await s.close();
  });
});
