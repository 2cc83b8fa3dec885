import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JPEG } from '../helpers/attachments';
import { handleOf, startFakeX, type FakeX } from '../helpers/fake-x';
import { signIn } from '../helpers/staff-client';
import { waitFor } from '../helpers/wait-for';
import { startXFrontdesk, X_CONSUMER_SECRET, type XFrontdesk } from '../helpers/x-frontdesk';

const PATIENT = '1600000000000000060';

function inboxIds(fd: XFrontdesk): string[] {
  return (
    fd.server.store.db.prepare(`SELECT event_id FROM inbox WHERE channel = 'x' ORDER BY id`).all() as Array<{ event_id: string }>
  ).map((r) => r.event_id);
}

describe('X poll mode', () => {
  let x: FakeX;
  let dir: string;
  let fd: XFrontdesk | undefined;
  beforeEach(async () => {
    x = await startFakeX({ consumerSecret: X_CONSUMER_SECRET });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'frontdesk-xpoll-'));
  });
  afterEach(async () => {
    await fd?.close();
    fd = undefined;
    await x.close();
  });

  test('when a DM and a mention appear on X, then both are read, the DM is answered by DM and the mention gets only the invitation', async () => {
    fd = await startXFrontdesk({ mode: 'poll', x, dir });
    await x.waitFor(() => x.count('dm_events') >= 1 && x.count('mentions') >= 1);
    x.addDm({ senderId: PATIENT, text: 'what time do you open tomorrow?' });
    const mention = x.addMention({ authorId: '1600000000000000061', text: 'is my blood test back? my sugar was high' });
    await x.waitFor(() => fd !== undefined && fd.sentTo(PATIENT).length >= 1 && x.sentPosts.length >= 1, 8000);
    // One DM for the turn: the introduction and the answer together.
    expect(fd.sentTo(PATIENT)).toEqual([expect.stringMatching(/\b(open|hours?)\b/i)]);
    expect(x.sentPosts).toEqual([{ text: expect.stringMatching(/direct message/), inReplyTo: mention }]);
    expect(x.sentPosts[0]?.text.startsWith(`@${handleOf('1600000000000000061')} Thanks for reaching out.`)).toBe(true);
    expect(x.sentPosts[0]?.text).not.toMatch(/blood|sugar|test/i);
  });

  test('when a patient sends a photo by DM in poll mode, then it is fetched with a signed request and a clinician sees it', async () => {
    fd = await startXFrontdesk({ mode: 'poll', x, dir });
    const nurse = await signIn(fd, 'nurse@example.org', 'clinician', 'Nora Nurse');
    await x.waitFor(() => x.count('dm_events') >= 1);
    x.addDm({ senderId: PATIENT, text: 'this rash is on my arm, should I worry', photo: JPEG });
    let shown: Array<{ status?: string; inline?: boolean }> = [];
    await waitFor(async () => {
      await fd?.server.idle();
      const conversation = await fd?.server.store.conversations.findByPlatform('x', PATIENT);
      const open = conversation && (await fd?.server.store.escalations.openForConversation(conversation.id));
      if (!open || !fd) return false;
      const thread = (await nurse.json<{ messages: Array<{ text: string; attachments?: typeof shown }> }>(
        `/api/escalations/${open.id}`,
      )) as {
        messages: Array<{ text: string; attachments?: typeof shown }>;
      };
      shown = thread.messages.flatMap((m) => m.attachments ?? []);
      return shown.some((a) => a.status === 'stored');
    }, 10_000);
    expect(shown[0]).toMatchObject({ status: 'stored', inline: true });
    // The polled page asked X for the photo's URL, and the photo was fetched signed with the account's keys.
    const read = x.requests.find((r) => r.pathname === '/2/dm_events');
    expect(read?.query.get('expansions')).toContain('attachments.media_keys');
    const media = x.requests.find((r) => r.pathname.startsWith('/1.1/ton/data/dm/'));
    expect(media?.headers.authorization).toMatch(/^OAuth .*oauth_signature=/);
    // A question about the rash stays clinical; the t.co link is not part of the patient's words.
    expect(fd.sentTo(PATIENT).at(-1)).toMatch(/passed your photo to our team/);
    expect(fd.sentTo(PATIENT).join(' ')).not.toMatch(/t\.co/);
  });

  test('when the server restarts, then what arrived while it was down is answered and nothing is answered twice', async () => {
    fd = await startXFrontdesk({ mode: 'poll', x, dir });
    await x.waitFor(() => x.count('dm_events') >= 1);
    const first = x.addDm({ senderId: PATIENT, text: 'where is your office?' });
    await x.waitFor(() => inboxIds(fd as XFrontdesk).includes(`dm:${first}`));
    await fd.server.idle();
    const repliesToFirst = (f: XFrontdesk) =>
      (f.server.store.db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE dedupe_key LIKE ?`).get(`x:dm:${first}:%`) as { n: number }).n;
    const before = repliesToFirst(fd);
    expect(before).toBeGreaterThan(0);
    await fd.close();
    fd = undefined;

    const whileDown = x.addDm({ senderId: PATIENT, text: 'do you take blue cross?' });
    const mentionWhileDown = x.addMention({ authorId: '1600000000000000062', text: 'are you open on saturday?' });
    fd = await startXFrontdesk({ mode: 'poll', x, dir });
    await x.waitFor(() => inboxIds(fd as XFrontdesk).length === 3 && x.sentPosts.length === 1, 8000);
    await new Promise((r) => setTimeout(r, 600)); // a few more rounds: nothing new may appear
    await fd.server.idle();
    expect(inboxIds(fd)).toEqual([`dm:${first}`, `dm:${whileDown}`, `tweet:${mentionWhileDown}`]);
    expect(repliesToFirst(fd)).toBe(before);
    const inbound = fd.server.store.db.prepare(`SELECT COUNT(*) AS n FROM messages WHERE direction = 'in'`).get() as { n: number };
    expect(inbound.n).toBe(3);
    expect(x.sentPosts).toHaveLength(1);
  });

  test('when X answers 429 with a reset, then the poller waits it out and then reads the DM', async () => {
    fd = await startXFrontdesk({ mode: 'poll', x, dir });
    await x.waitFor(() => x.count('dm_events') >= 1);
    x.fail('dm_events', { status: 429, resetInSeconds: 1 });
    const dm = x.addDm({ senderId: PATIENT, text: 'hello, are you open today?' });
    await x.waitFor(() => x.count('dm_events') >= 2);
    const limitedAt = Date.now();
    const callsAtLimit = x.count('dm_events');
    await new Promise((r) => setTimeout(r, 500));
    expect(x.count('dm_events')).toBe(callsAtLimit); // 0.2 s interval, yet no call before the reset
    await x.waitFor(() => inboxIds(fd as XFrontdesk).includes(`dm:${dm}`), 5000);
    expect(Date.now() - limitedAt).toBeGreaterThanOrEqual(500);
    await x.waitFor(() => (fd as XFrontdesk).sentTo(PATIENT).length >= 1, 5000);
  });

  test('when the server shuts down, then polling stops', async () => {
    fd = await startXFrontdesk({ mode: 'poll', x, dir });
    await x.waitFor(() => x.count('dm_events') >= 2);
    await fd.close();
    fd = undefined;
    const calls = x.requests.length;
    await new Promise((r) => setTimeout(r, 600));
    expect(x.requests.length).toBe(calls);
  });
});
