import { isXActivityDelivery, parseXActivity } from '../../../src/channels/x/parse-activity';
import { readFixture } from '../../helpers/start-frontdesk';

const read = (name: string): unknown => JSON.parse(readFixture(`x/${name}.json`).toString('utf8'));

describe('X Activity API deliveries', () => {
  test('when dm.received is read, then it is the same DM event an Account Activity delivery gives', () => {
    expect(parseXActivity(read('activity-dm-received'))).toMatchObject({
      ok: true,
      events: [
        {
          eventId: 'dm:1910000000000000101',
          kind: 'dm',
          accountId: '1500000000000000001',
          senderId: '1600000000000000101',
          text: 'what time do you open on monday?',
        },
      ],
    });
  });

  test('when post.mention.create is read, then it is a mention with the author handle from includes', () => {
    expect(parseXActivity(read('activity-mention'))).toMatchObject({
      ok: true,
      events: [{ eventId: 'tweet:1920000000000000101', kind: 'mention', senderId: '1600000000000000102', senderHandle: 'testpatient102' }],
    });
  });

  test("when the account's own dm.sent, another event type or a malformed envelope is read, then each is skipped and counted", () => {
    const result = parseXActivity({
      data: [
        (read('activity-dm-sent') as { data: unknown }).data,
        { filter: { user_id: '1500000000000000001' }, event_type: 'profile.update.bio', payload: { before: 'a', after: 'b' } },
        { event_type: 'dm.received' },
      ],
    });
    expect(result).toMatchObject({ ok: true, events: [], skipped: { own: 1, other: 1, invalid: 1 } });
  });

  test('when an Account Activity delivery is seen, then it is not taken for an X Activity one', () => {
    expect(isXActivityDelivery(read('dm-text'))).toBe(false);
    expect(isXActivityDelivery(read('activity-dm-received'))).toBe(true);
  });
});
