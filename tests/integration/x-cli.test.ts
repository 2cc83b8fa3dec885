import { runXCli } from '../../src/channels/x/setup-cli';
import { startFakeX } from '../helpers/fake-x';
import { startXFrontdesk, X_CONSUMER_SECRET, type XFrontdesk } from '../helpers/x-frontdesk';

interface Run {
  code: number;
  out: string;
  err: string;
}

function setupEnv(fd: XFrontdesk, secret = X_CONSUMER_SECRET): NodeJS.ProcessEnv {
  return {
    DATABASE_PATH: fd.dbPath,
    X_CONSUMER_KEY: 'test-x-consumer-key',
    X_CONSUMER_SECRET: secret,
    X_ACCESS_TOKEN: 'test-x-access-token',
    X_ACCESS_SECRET: 'test-x-access-secret',
    X_ACCOUNT_ID: fd.x.accountId,
    X_MODE: 'poll',
    X_API_BASE: fd.x.baseUrl,
  };
}

async function run(argv: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runXCli(argv, env, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run x (setup CLI)', () => {
  let fd: XFrontdesk;
  beforeEach(async () => {
    fd = await startXFrontdesk({ delayMs: 0 });
  });
  afterEach(async () => {
    await fd.close();
  });

  test('when a webhook is registered for the X Activity API, then DMs and mentions of the account are subscribed to it; list and delete follow', async () => {
    const env = setupEnv(fd);
    const url = `${fd.server.url}/webhooks/x`;
    const registered = await run(['webhook', 'register', url, '--activity'], env);
    expect(registered).toMatchObject({ code: 0, err: '' });
    const id = fd.x.webhooks[0]?.id as string;
    // Not by the deprecated Account Activity API.
    expect(fd.x.subscriptions).toEqual([]);
    expect(fd.x.activitySubscriptions).toEqual([
      { id: expect.any(String), eventType: 'dm.received', userId: fd.x.accountId, webhookId: id },
      { id: expect.any(String), eventType: 'post.mention.create', userId: fd.x.accountId, webhookId: id },
    ]);
    const listed = await run(['activity', 'list'], env);
    expect(listed.out).toContain(`dm.received  user ${fd.x.accountId}  webhook ${id}`);
    const first = fd.x.activitySubscriptions[0]?.id as string;
    expect((await run(['activity', 'delete', first], env)).code).toBe(0);
    expect(fd.x.activitySubscriptions.map((s) => s.eventType)).toEqual(['post.mention.create']);
    expect((await run(['activity', 'subscribe', id], env)).code).toBe(0);
    expect(fd.x.activitySubscriptions).toHaveLength(3);
    // Private events: the subscriptions are made with the account's OAuth 1.0a user keys.
    const subs = fd.x.requests.filter((r) => r.pathname.startsWith('/2/activity/subscriptions'));
    expect(subs.every((r) => String(r.headers.authorization).startsWith('OAuth '))).toBe(true);
  });

  test('when a webhook is registered, then X passes its CRC check against the server and the account is subscribed; list, validate and delete follow', async () => {
    const env = setupEnv(fd);
    const url = `${fd.server.url}/webhooks/x`;
    const registered = await run(['webhook', 'register', url], env);
    expect(registered).toMatchObject({ code: 0, err: '' });
    expect(fd.x.webhooks).toEqual([{ id: expect.any(String), url, valid: true }]);
    const id = fd.x.webhooks[0]?.id as string;
    expect(fd.x.subscriptions).toEqual([id]);
    expect(registered.out).toContain(`registered webhook ${id}`);

    expect((await run(['webhook', 'list'], env)).out).toContain(`${id}  ${url}  valid`);
    expect((await run(['webhook', 'validate', id], env)).code).toBe(0);
    expect(fd.x.webhooks[0]?.valid).toBe(true);
    expect((await run(['webhook', 'delete', id], env)).code).toBe(0);
    expect(fd.x.webhooks).toEqual([]);
    // Webhook management uses the app-only bearer; the subscription the user's OAuth 1.0a keys.
    const manage = fd.x.requests.filter((r) => r.pathname.startsWith('/2/webhooks'));
    expect(manage.every((r) => r.headers.authorization === 'Bearer fake-app-only-bearer')).toBe(true);
    for (const r of fd.x.requests) expect(r.path).not.toMatch(/test-x-access|test-x-consumer/);
  });

  test('when the server answers the CRC with another secret, then registering fails and says why', async () => {
    const env = setupEnv(fd);
    // This fake X checks with another app's secret, as X would for keys of the wrong app.
    const strict = await startFakeX({ consumerSecret: 'a-different-secret', delayMs: 0 });
    const res = await run(['webhook', 'register', `${fd.server.url}/webhooks/x`], { ...env, X_API_BASE: strict.baseUrl });
    await strict.close();
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/CRC check/);
    expect(strict.webhooks).toEqual([]);
  });

  test('when poll check runs, then it prints the endpoints and counts but no message text', async () => {
    fd.x.addDm({ senderId: '1600000000000000070', text: 'my private words about my rash' });
    fd.x.addMention({ authorId: '1600000000000000071', text: 'are you open today?' });
    const res = await run(['poll', 'check'], setupEnv(fd));
    expect(res.code).toBe(0);
    expect(res.out).toContain('GET /2/dm_events');
    expect(res.out).toContain(`GET /2/users/${fd.x.accountId}/mentions`);
    expect(res.out).toMatch(/dm_events: 1 patient messages/);
    expect(res.out).toMatch(/mentions: 1 new/);
    expect(res.out).not.toMatch(/rash|private|open today/);
  });

  test('when X is not configured or the command is unknown, then it names what to set or prints usage', async () => {
    expect(await run(['webhook', 'list'], { DATABASE_PATH: fd.dbPath })).toMatchObject({
      code: 78,
      err: expect.stringContaining('X_CONSUMER_KEY'),
    });
    expect((await run(['webhook', 'fly'], setupEnv(fd))).code).toBe(64);
    expect((await run(['webhook', 'register', 'http://frontdesk.example.org/other'], setupEnv(fd))).err).toMatch(/\/webhooks\/x/);
  });
});
