import type { PostgresStore } from '../../src/create-store';
import { startFakeGraph, type FakeGraph } from '../helpers/fake-graph';
import { queueEvents } from '../helpers/live-queue';
import { createMigratedTestDatabase, describeWithPostgres } from '../helpers/postgres';
import { addUser, login, signIn } from '../helpers/staff-client';
import { messengerText, startFrontdeskOnPostgres, type Frontdesk } from '../helpers/start-frontdesk';

jest.setTimeout(60_000);

const CLINICAL = 'I have had a rash on my arm for three days, should I be worried?';

interface Item {
  id: number;
  assignee: { id: number; name: string } | null;
}

describeWithPostgres('Two instances on one PostgreSQL database', () => {
  let graph: FakeGraph;
  let a: Frontdesk<PostgresStore>;
  let b: Frontdesk<PostgresStore>;

  beforeEach(async () => {
    graph = await startFakeGraph({ delayMs: 20 });
    const { url } = await createMigratedTestDatabase();
    // Live queues poll only once a minute here: what reaches the other instance's console within seconds came
    // by NOTIFY. The bound is loose for a loaded test machine; `npm run bench -- cluster` measures the delay.
    [a, b] = await Promise.all([
      startFrontdeskOnPostgres({ databaseUrl: url, graph, livePollMs: 60_000 }),
      startFrontdeskOnPostgres({ databaseUrl: url, graph, livePollMs: 60_000 }),
    ]);
  });
  afterEach(async () => {
    await Promise.all([a.close(), b.close()]);
    await graph.close();
  });

  test('when one patient writes through both instances in turn, then the turns and the replies keep the order written', async () => {
    const psid = '7500000000001';
    const questions = ['what are your hours?', 'where are you located?', 'do you take aetna?', 'is there parking?', 'thanks'];
    for (const [i, text] of questions.entries()) {
      const through = i % 2 === 0 ? a : b;
      expect((await through.postMessenger(messengerText({ psid, mid: `m_two_${i}`, text }))).status).toBe(200);
    }
    await a.server.idle();
    await b.server.idle();
    const conversation = await b.server.store.conversations.findByPlatform('messenger', psid);
    const messages = await b.server.store.messages.listByConversation(conversation?.id ?? -1);
    expect(messages.filter((m) => m.direction === 'in').map((m) => m.text)).toEqual(questions);
    const sent = graph
      .messages()
      .filter((r) => r.body.recipient?.id === psid)
      .map((r) => r.body.message?.text);
    expect(sent).toEqual(messages.filter((m) => m.direction === 'out').map((m) => m.text));
  });

  test('when a message is acknowledged by one instance, then staff on the other see it in the queue at once, not at their next poll', async () => {
    const nurse = await signIn(b, 'nurse@example.org', 'clinician');
    const controller = new AbortController();
    const res = await fetch(`${b.server.url}/api/escalations/stream`, { headers: { cookie: nurse.cookie }, signal: controller.signal });
    const next = queueEvents(res);
    expect((await next()).items).toEqual([]);
    const posted = await a.postMessenger(messengerText({ psid: '7500000000002', mid: 'm_two_clinical', text: CLINICAL }));
    expect(posted.status).toBe(200);
    const acknowledgedAt = Date.now();
    let items = (await next()).items as Item[];
    while (items.length === 0) items = (await next()).items as Item[];
    expect(Date.now() - acknowledgedAt).toBeLessThan(5000);
    controller.abort();
  });

  test('when staff claim a thread through one instance, then a console on the other shows the claim at once, not at its next poll', async () => {
    await a.postMessenger(messengerText({ psid: '7500000000003', mid: 'm_two_claim', text: CLINICAL }));
    await a.server.idle();
    const watching = await signIn(a, 'nurse2@example.org', 'clinician', 'Nurse Two');
    const controller = new AbortController();
    const res = await fetch(`${a.server.url}/api/escalations/stream`, { headers: { cookie: watching.cookie }, signal: controller.signal });
    const next = queueEvents(res);
    const [item] = (await next()).items as Item[];
    expect(item?.assignee).toBeNull();
    // Signed in through A, working through B: the session lives in the shared database.
    const claiming = await signIn(a, 'nurse3@example.org', 'clinician', 'Nurse Three');
    const claimedAt = Date.now();
    const claim = await fetch(`${b.server.url}/api/escalations/${item?.id}/claim`, {
      method: 'POST',
      headers: { cookie: claiming.cookie, 'x-csrf-token': claiming.csrf },
    });
    expect(claim.status).toBe(200);
    let items = (await next()).items as Item[];
    while (items[0]?.assignee === null) items = (await next()).items as Item[];
    expect(Date.now() - claimedAt).toBeLessThan(5000);
    expect(items[0]?.assignee?.name).toBe('Nurse Three');
    controller.abort();
  });
  test('when a chat session writes through both instances, then the per-session limit counts both: the 21st message in a minute is refused by either', async () => {
    const sessionId = 'a1'.repeat(16);
    const post = (through: Frontdesk<PostgresStore>, i: number) =>
      fetch(`${through.server.url}/chat/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ sessionId, clientMessageId: `c${i}`, text: `what are your hours? (${i})` }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 20; i += 1) statuses.push((await post(i % 2 === 0 ? a : b, i)).status);
    expect(statuses).toEqual(Array(20).fill(202));
    const refusedByA = await post(a, 20);
    const refusedByB = await post(b, 21);
    expect([refusedByA.status, refusedByB.status]).toEqual([429, 429]);
    expect(Number(refusedByB.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  test('when sign-ins fail through both instances, then the account locks for that address on both, and an unlock through one ends it on both', async () => {
    await addUser(a, 'front@example.org', 'agent');
    const statuses: number[] = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await login(i % 2 === 0 ? a : b, 'front@example.org', `wrong password ${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
    // The right password is refused on both while the lock lasts.
    expect((await login(a, 'front@example.org')).status).toBe(429);
    expect((await login(b, 'front@example.org')).status).toBe(429);

    const admin = await signIn(b, 'admin@example.org', 'admin');
    const userId = (await a.server.store.staffUsers.findByEmail('front@example.org'))!.id;
    const unlock = await admin.call(`/api/users/${userId}`, { method: 'PATCH', body: { unlock: true } });
    expect(unlock.status).toBe(200);
    expect((await login(a, 'front@example.org')).status).toBe(200);
  });
});
