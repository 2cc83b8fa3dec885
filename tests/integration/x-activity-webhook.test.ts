import { readFixture } from '../helpers/start-frontdesk';
import { signX } from '../helpers/sign';
import { startXFrontdesk, X_CONSUMER_SECRET, xDm, type XFrontdesk } from '../helpers/x-frontdesk';

function count(fd: XFrontdesk, sql: string): number {
  return (fd.server.store.db.prepare(sql).get() as { n: number }).n;
}

describe('X webhook (X Activity API)', () => {
  let fd: XFrontdesk;
  beforeEach(async () => {
    fd = await startXFrontdesk();
  });
  afterEach(async () => {
    await fd.close();
  });

  test('when a signed dm.received arrives, then the patient is answered by one DM', async () => {
    expect((await fd.postX(readFixture('x/activity-dm-received.json'))).status).toBe(200);
    await fd.server.idle();
    expect(fd.sentTo('1600000000000000101')).toEqual([expect.stringMatching(/automated assistant[\s\S]*\bopen/i)]);
  });

  test('when the same DM arrives by the Account Activity API and the X Activity API, then it is stored and answered once', async () => {
    const activity = JSON.parse(readFixture('x/activity-dm-received.json').toString('utf8'));
    const event = activity.data.payload.direct_message_events[0];
    const accountActivity = xDm({
      accountId: fd.x.accountId,
      senderId: event.message_create.sender_id,
      id: event.id,
      text: event.message_create.message_data.text,
    });
    expect((await fd.postX(activity)).status).toBe(200);
    expect((await fd.postX(accountActivity)).status).toBe(200);
    await fd.server.idle();
    expect(count(fd, 'SELECT COUNT(*) AS n FROM inbox')).toBe(1);
    expect(fd.sentTo('1600000000000000101')).toHaveLength(1);
  });

  test('when post.mention.create carries health details, then only the fixed invitation to DM is posted', async () => {
    expect((await fd.postX(readFixture('x/activity-mention.json'))).status).toBe(200);
    await fd.server.idle();
    expect(fd.x.sentPosts).toEqual([
      { text: expect.stringMatching(/^@testpatient102 Thanks for reaching out\..*direct message/), inReplyTo: '1920000000000000101' },
    ]);
    expect(fd.x.sentPosts[0]?.text.replace(/^@testpatient102 /, '')).not.toMatch(/test|results|sugar|weird/i);
    expect(fd.x.sentDms).toEqual([]);
  });

  test("when the account's own dm.sent or another account's event arrives, then it gets 200 and nothing is stored", async () => {
    expect((await fd.postX(readFixture('x/activity-dm-sent.json'))).status).toBe(200);
    const other = JSON.parse(readFixture('x/activity-dm-received.json').toString('utf8'));
    other.data.filter.user_id = '1500000000000000999';
    other.data.payload.direct_message_events[0].message_create.target.recipient_id = '1500000000000000999';
    expect((await fd.postX(other)).status).toBe(200);
    expect((await fd.postX({ data: { filter: { user_id: fd.x.accountId }, event_type: 'follow.follow', payload: {} } })).status).toBe(200);
    await fd.server.idle();
    expect(count(fd, 'SELECT COUNT(*) AS n FROM inbox')).toBe(0);
    expect(fd.x.requests).toHaveLength(0);
  });

  test('when an X Activity delivery is signed with another secret, then 401 and nothing is stored', async () => {
    const raw = readFixture('x/activity-dm-received.json');
    expect(signX(raw, X_CONSUMER_SECRET)).not.toBe(signX(raw, 'nope'));
    expect((await fd.postX(raw, { signature: signX(raw, 'nope') })).status).toBe(401);
    expect(count(fd, 'SELECT COUNT(*) AS n FROM inbox')).toBe(0);
  });
});
