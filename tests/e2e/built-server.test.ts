import { execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freeEnv, startBuilt } from '../helpers/built-server';
import { startFakeGraph, type FakeGraph } from '../helpers/fake-graph';
import { startFakeX, type FakeX } from '../helpers/fake-x';
import { signMessenger, signX } from '../helpers/sign';

const ROOT = path.resolve(__dirname, '..', '..');
const MAIN = path.join(ROOT, 'dist', 'main.js');
const STAFF = 'e2e-staff-token-0123456789abcdef';
const SECRET = 'e2e-app-secret';
const X_SECRET = 'e2e-x-consumer-secret';

function xEnv(x: FakeX, mode: 'webhook' | 'poll'): Record<string, string> {
  return {
    X_CONSUMER_KEY: 'e2e-x-key',
    X_CONSUMER_SECRET: X_SECRET,
    X_ACCESS_TOKEN: 'e2e-x-access-token',
    X_ACCESS_SECRET: 'e2e-x-access-secret',
    X_ACCOUNT_ID: x.accountId,
    X_MODE: mode,
    X_POLL_SECONDS: '0.2',
    X_API_BASE: x.baseUrl,
  };
}

async function pollEscalations(url: string, count: number): Promise<Array<{ id: number; route: string; channel: string }>> {
  for (let i = 0; i < 100; i += 1) {
    const res = await fetch(`${url}/api/escalations`, { headers: { authorization: `Bearer ${STAFF}` } });
    const body = (await res.json()) as { items: Array<{ id: number; route: string; channel: string }> };
    if (body.items.length >= count) return body.items;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('escalations did not appear');
}

describe('The built server, configured only by environment', () => {
  let graph: FakeGraph;
  let x: FakeX;
  let child: ChildProcess;
  let dir: string;
  let url: string;
  let stderr: () => string;

  beforeAll(async () => {
    graph = await startFakeGraph();
    x = await startFakeX({ consumerSecret: X_SECRET });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-e2e-'));
    ({ child, url, stderr } = await startBuilt(dir, {
      DATABASE_PATH: path.join(dir, 'db', 'frontdesk.db'),
      MESSENGER_APP_SECRET: `old-secret,${SECRET}`,
      MESSENGER_VERIFY_TOKEN: 'e2e-verify',
      MESSENGER_PAGE_ACCESS_TOKEN: 'e2e-page-token',
      GRAPH_API_BASE: graph.baseUrl,
      STAFF_API_TOKEN: STAFF,
      ...xEnv(x, 'webhook'),
    }));
  }, 90_000);

  afterAll(async () => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    await graph.close();
    await x.close();
  });

  test('when X checks the webhook and a patient DMs and mentions the account, then the DM is answered privately and the mention only with the invitation', async () => {
    const crc = await fetch(`${url}/webhooks/x?crc_token=e2e-token`);
    expect(crc.status).toBe(200);
    expect(((await crc.json()) as { response_token: string }).response_token).toMatch(/^sha256=/);

    const delivery = (body: object) => {
      const raw = Buffer.from(JSON.stringify(body));
      return fetch(`${url}/webhooks/x`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-twitter-webhooks-signature': signX(raw, X_SECRET) },
        body: raw,
      });
    };
    const dm = await delivery({
      for_user_id: x.accountId,
      direct_message_events: [
        {
          type: 'message_create',
          id: x.nextId(),
          created_timestamp: String(Date.now()),
          message_create: {
            target: { recipient_id: x.accountId },
            sender_id: '1690000000000000001',
            message_data: { text: 'where is your office?' },
          },
        },
      ],
    });
    expect(dm.status).toBe(200);
    const mentionId = x.nextId();
    const mention = await delivery({
      for_user_id: x.accountId,
      tweet_create_events: [
        {
          id_str: mentionId,
          text: '@frontdeskclinic my rash is spreading, what cream should i use',
          timestamp_ms: String(Date.now()),
          user: { id_str: '1690000000000000002' },
          entities: { user_mentions: [{ id_str: x.accountId, indices: [0, 16] }] },
        },
      ],
    });
    expect(mention.status).toBe(200);
    await x.waitFor(() => x.sentDms.some((d) => d.participantId === '1690000000000000001') && x.sentPosts.length === 1, 10_000);
    expect(x.sentPosts[0]).toEqual({ text: expect.stringMatching(/direct message/), inReplyTo: mentionId });
    expect(x.sentPosts[0]?.text).not.toMatch(/rash|cream/i);
    expect(x.requests.every((r) => String(r.headers.authorization).startsWith('OAuth ') && !r.path.includes('e2e-x'))).toBe(true);
  });

  test('when a patient writes on the chat page and on Messenger, then staff read both escalations over the API', async () => {
    const session = (await (await fetch(`${url}/chat/api/sessions`, { method: 'POST' })).json()) as { sessionId: string };
    const chat = await fetch(`${url}/chat/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sessionId: session.sessionId, clientMessageId: 'e2e1', text: 'can i talk to a real person please' }),
    });
    expect(chat.status).toBe(202);

    const body = Buffer.from(
      JSON.stringify({
        object: 'page',
        entry: [
          {
            id: '100000000000009',
            time: Date.now(),
            messaging: [
              {
                sender: { id: '7900000000000001' },
                recipient: { id: '100000000000009' },
                timestamp: Date.now(),
                message: { mid: 'm_e2e_1', text: 'is it safe to take ibuprofen with my blood pressure pills' },
              },
            ],
          },
        ],
      }),
    );
    const hook = await fetch(`${url}/webhooks/messenger`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signMessenger(body, SECRET) },
      body,
    });
    expect(hook.status).toBe(200);

    const items = await pollEscalations(url, 2);
    expect(items.map((i) => `${i.channel}:${i.route}`).sort()).toEqual(['messenger:clinical', 'webchat:human']);
    const thread = (await (
      await fetch(`${url}/api/escalations/${items.find((i) => i.channel === 'messenger')?.id}`, {
        headers: { authorization: `Bearer ${STAFF}` },
      })
    ).json()) as { messages: Array<{ author: string; text: string }> };
    expect(thread.messages[0]?.text).toMatch(/ibuprofen/);
    await graph.waitForRequests(2);
    expect(graph.requests.every((r) => r.headers.authorization === 'Bearer e2e-page-token')).toBe(true);
  });

  test('when SIGTERM is sent, then the server stops cleanly', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr()).toBe('');
  });
});

describe('Start-up errors and help', () => {
  test('when a variable is invalid, then start-up fails naming it', () => {
    let output = '';
    try {
      execFileSync(process.execPath, [MAIN], { env: freeEnv({ PORT: 'eighty' }), stdio: 'pipe' });
    } catch (err) {
      output = String((err as { stderr: Buffer }).stderr);
    }
    expect(output).toMatch(/PORT/);
  });

  test('when --help is given, then every variable is listed', () => {
    const out = execFileSync(process.execPath, [MAIN, '--help'], { env: freeEnv({}) }).toString();
    for (const name of [
      'PORT',
      'HOST',
      'DATABASE_PATH',
      'MESSENGER_APP_SECRET',
      'MESSENGER_VERIFY_TOKEN',
      'MESSENGER_PAGE_ACCESS_TOKEN',
      'GRAPH_API_BASE',
      'GRAPH_API_VERSION',
      'STAFF_API_TOKEN',
      'X_CONSUMER_KEY',
      'X_CONSUMER_SECRET',
      'X_ACCESS_TOKEN',
      'X_ACCESS_SECRET',
      'X_ACCOUNT_ID',
      'X_MODE',
      'X_POLL_SECONDS',
      'X_API_BASE',
    ]) {
      expect(out).toContain(name);
    }
  });
});

describe('The built server with X in poll mode, configured only by environment', () => {
  let x: FakeX;
  let child: ChildProcess;
  let url: string;
  let stderr: () => string;

  beforeAll(async () => {
    x = await startFakeX({ consumerSecret: X_SECRET });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-e2e-xpoll-'));
    ({ child, url, stderr } = await startBuilt(dir, {
      DATABASE_PATH: path.join(dir, 'frontdesk.db'),
      STAFF_API_TOKEN: STAFF,
      ...xEnv(x, 'poll'),
    }));
  }, 90_000);

  afterAll(async () => {
    if (child?.exitCode === null) child.kill('SIGKILL');
    await x.close();
  });

  test('when a patient DMs and mentions the account, then polling finds both: the DM is answered by DM, the mention with the invitation, and a clinical DM reaches staff', async () => {
    await x.waitFor(() => x.count('dm_events') >= 1 && x.count('mentions') >= 1, 10_000);
    x.addDm({ senderId: '1690000000000000010', text: 'my knee is swollen since i fell, should i ice it or heat it?' });
    const mention = x.addMention({ authorId: '1690000000000000011', text: 'do you have appointments this week?' });
    await x.waitFor(() => x.sentDms.some((d) => d.participantId === '1690000000000000010') && x.sentPosts.length === 1, 10_000);
    expect(x.sentPosts[0]?.inReplyTo).toBe(mention);
    const items = await pollEscalations(url, 1);
    expect(items.map((i) => `${i.channel}:${i.route}`)).toEqual(['x:clinical']);
  });

  test('when SIGTERM is sent, then the poller stops and the server exits cleanly', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr()).toBe('');
    const calls = x.requests.length;
    await new Promise((r) => setTimeout(r, 500));
    expect(x.requests.length).toBe(calls);
  });
});
