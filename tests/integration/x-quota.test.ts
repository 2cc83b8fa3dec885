import { startFakeX, type FakeX } from '../helpers/fake-x';
import { startXFrontdesk, X_CONSUMER_SECRET, xDm, type XFrontdesk } from '../helpers/x-frontdesk';

interface Item {
  id: number;
  route: string;
  repliesPaused: { until: string; used: number; limit: number; notice: string } | null;
}

const patient = (n: number): string => `16100000000000${String(n).padStart(5, '0')}`;

async function escalations(fd: XFrontdesk): Promise<Item[]> {
  return ((await (await fd.staff('/api/escalations')).json()) as { items: Item[] }).items;
}

function dm(fd: XFrontdesk, senderId: string, text: string): Promise<Response> {
  return fd.postX(xDm({ accountId: fd.x.accountId, senderId, id: fd.x.nextId(), text }));
}

describe('X within its DM quota', () => {
  let x: FakeX;
  let fd: XFrontdesk;
  afterEach(async () => {
    await fd.close();
    await x.close();
  });

  test('when 20 patients ask FAQ questions and then one reports chest pain, then each turn is one DM, the 911 DM goes out within 2 s and X never answers 429', async () => {
    x = await startFakeX({ consumerSecret: X_CONSUMER_SECRET });
    fd = await startXFrontdesk({ x });
    for (let n = 1; n <= 20; n += 1) expect((await dm(fd, patient(n), 'what time do you open tomorrow?')).status).toBe(200);
    await fd.server.idle();

    const answered = Array.from({ length: 20 }, (_, i) => fd.sentTo(patient(i + 1)));
    // One DM per turn: the introduction, the answer and "did that help?" together.
    for (const replies of answered) expect(replies.length).toBeLessThanOrEqual(1);
    for (const [reply] of answered.filter((r) => r.length === 1)) expect(reply).toMatch(/automated assistant[\s\S]*\bopen/i);
    // Ordinary replies stop while two sends remain in the window: kept for emergencies.
    expect(answered.filter((r) => r.length === 1)).toHaveLength(13);

    const started = Date.now();
    expect((await dm(fd, patient(21), 'I have crushing chest pain and my left arm is numb')).status).toBe(200);
    await x.waitFor(() => fd.sentTo(patient(21)).length === 1, 2000);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(fd.sentTo(patient(21))[0]).toMatch(/911/);

    await fd.server.idle();
    expect(x.dmAttempts.map((a) => a.status)).toEqual(Array.from({ length: 14 }, () => 201));
    // The seven waiting answers are queued, in order, for the reset; staff see why.
    const waiting = fd.server.store.db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE channel = 'x' AND status = 'pending'`).get() as {
      n: number;
    };
    expect(waiting.n).toBe(7);
    const [emergency] = await escalations(fd);
    expect(emergency?.route).toBe('emergency');
    expect(emergency?.repliesPaused?.notice).toMatch(/^X replies paused until \d\d:\d\d \(14 of 15 used\)$/);
    const thread = (await (await fd.staff(`/api/escalations/${emergency?.id}`)).json()) as { escalation: Item };
    expect(thread.escalation.repliesPaused).toMatchObject({ used: 14, limit: 15 });
    expect(Date.parse(thread.escalation.repliesPaused?.until ?? '')).toBeGreaterThan(Date.now() + 14 * 60_000);

    const metrics = await (await fetch(`${fd.server.url}/metrics`)).text();
    expect(metrics).toMatch(/frontdesk_send_quota_used\{channel="x",window="day"\} 14/);
    expect(metrics).toMatch(/frontdesk_send_quota_limit\{channel="x",window="day"\} 1440/);
  });

  test('when the quota was spent elsewhere and X answers 429, then no DM is attempted before the reset and the replies then go out in order', async () => {
    x = await startFakeX({ consumerSecret: X_CONSUMER_SECRET, dmQuota: { perWindow: 15, windowMs: 20_000 } });
    fd = await startXFrontdesk({ x });
    // Staff sent 15 DMs from the X app: Frontdesk learns it only from X's answer.
    x.useDmQuota(15);
    const resetAt = x.dmWindowResetsAt() as number;
    await dm(fd, patient(1), 'can I talk to a real person please');
    await fd.server.idle();
    expect(x.dmAttempts.map((a) => a.status)).toEqual([429]);
    const [item] = await escalations(fd);
    expect(item?.repliesPaused?.notice).toMatch(/^X replies paused until \d\d:\d\d \(15 of 15 used\)$/);
    await dm(fd, patient(1), 'where is your office?');
    await dm(fd, patient(2), 'do you take blue cross insurance?');
    await fd.server.idle();

    await x.waitFor(() => fd.sentTo(patient(1)).length === 2 && fd.sentTo(patient(2)).length === 1, 30_000);
    // Nothing between the 429 and X's reset, then the waiting replies.
    expect(x.dmAttempts.filter((a) => a.at < resetAt)).toHaveLength(1);
    const afterFirst429 = x.dmAttempts.slice(1);
    for (const attempt of afterFirst429) expect(attempt.at).toBeGreaterThanOrEqual(resetAt);
    expect(afterFirst429.every((a) => a.status === 201)).toBe(true);
    const [toHuman, toOffice] = fd.sentTo(patient(1));
    expect(toHuman).toMatch(/(person|staff|team)/i);
    expect(toOffice).toMatch(/(address|located|office|street)/i);
    expect((await escalations(fd))[0]?.repliesPaused).toBeNull();
  }, 60_000);
});
