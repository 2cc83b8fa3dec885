import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAccountActivity } from '../../../src/channels/x/parse-events';

const ACCOUNT = '1500000000000000001';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join(__dirname, '../../fixtures/x', name), 'utf8'));
}

function parsed(name: string) {
  const result = parseAccountActivity(fixture(name));
  if (!result.ok) throw new Error(`fixture ${name} did not parse: ${result.message}`);
  return result;
}

describe('parseAccountActivity', () => {
  test('when a DM arrives, then it becomes one dm event from the sender with its text', () => {
    const { events } = parsed('dm-text.json');
    expect(events).toEqual([
      {
        eventId: 'dm:1910000000000000001',
        kind: 'dm',
        accountId: ACCOUNT,
        senderId: '1600000000000000001',
        timestamp: 1764400000000,
        text: 'what time do you open on monday?',
      },
    ]);
  });

  test('when a quick-reply option is tapped, then its metadata is the payload', () => {
    const [event] = parsed('dm-quick-reply.json').events;
    expect(event).toMatchObject({ kind: 'dm', payload: 'intent:faq/hours', text: 'Opening hours' });
  });

  test('when a DM holds only a photo, then its media URL is kept to download and the t.co link is not read as text', () => {
    const [event] = parsed('dm-media-only.json').events;
    expect(event).toMatchObject({ kind: 'dm', attachments: [{ type: 'photo', url: 'https://ton.x.com/1.1/ton/data/dm/example.jpg' }] });
    expect(event?.text).toBeUndefined();
  });

  test('when a long mention arrives, then the full text is read, handles stripped, and the post id kept for the reply', () => {
    const [event] = parsed('mention-health.json').events;
    expect(event).toMatchObject({
      eventId: 'tweet:1920000000000000001',
      kind: 'mention',
      senderId: '1600000000000000004',
      tweetId: '1920000000000000001',
      senderHandle: 'testpatient4',
    });
    expect(event?.text).toMatch(/^my insulin pump .* until friday$/);
    expect(event?.notAddressed).toBeUndefined();
  });

  test('when the account is only tagged among others, then the mention is marked not addressed', () => {
    const [event] = parsed('mention-among-others.json').events;
    expect(event).toMatchObject({ kind: 'mention', notAddressed: true });
  });

  test("when the account's own DMs and posts come back, then they are skipped", () => {
    const result = parsed('own-events.json');
    expect(result.events).toEqual([]);
    expect(result.skipped.own).toBe(2);
  });

  test('when follows, likes, typing and read receipts arrive, then nothing is produced and they are counted', () => {
    const result = parsed('other-kinds.json');
    expect(result.events).toEqual([]);
    expect(result.skipped.other).toBe(4);
  });

  test('when one event in a batch is malformed, then the good ones are kept and the bad one counted', () => {
    const result = parsed('batch-one-bad.json');
    expect(result.events.map((e) => e.eventId)).toEqual(['dm:1910000000000000010', 'dm:1910000000000000012']);
    expect(result.skipped.invalid).toBe(1);
  });

  test.each([
    ['an array', []],
    ['null', null],
    ['a body without for_user_id', { direct_message_events: [] }],
    ['a numeric for_user_id', JSON.parse('{"for_user_id": 1500000000000000001}')],
  ])('when the body is %s, then it is refused as invalid', (_name, body) => {
    expect(parseAccountActivity(body)).toMatchObject({ ok: false, code: 'invalid_payload' });
  });

  test('when events are junk of every shape, then the parser never throws', () => {
    const junk = [
      null,
      1,
      'x',
      [],
      { type: 'message_create' },
      { type: 'message_create', id: '1', message_create: null },
      { id_str: '5', user: 7 },
    ];
    const result = parseAccountActivity({ for_user_id: ACCOUNT, direct_message_events: junk, tweet_create_events: junk });
    expect(result).toMatchObject({ ok: true, events: [] });
  });
});
