import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_ITEMS_PER_DELIVERY, parseMessengerPayload, ParseResult } from '../../../src/channels/meta-parse-events';

function fixture(name: string): unknown {
  // Read as raw bytes, the way the route receives them, then parse.
  const raw = readFileSync(join(__dirname, '../../fixtures/messenger', `${name}.json`));
  return JSON.parse(raw.toString('utf8'));
}

function events(result: ParseResult) {
  if (!result.ok) throw new Error(`expected ok, got ${result.code}`);
  return result.events;
}

describe('parseMessengerPayload', () => {
  test('when a text message arrives, then it yields one text event keyed on the mid', () => {
    const result = parseMessengerPayload(fixture('text-message'));
    expect(events(result)).toEqual([
      expect.objectContaining({
        eventId: 'm_fake_text_0001',
        pageId: '100000000000001',
        senderId: '7000000000000001',
        timestamp: 1767261600123,
        kind: 'text',
        text: 'Hi, what time do you open on Saturday?',
      }),
    ]);
    expect(events(result)[0]).not.toHaveProperty('payload');
  });

  test('when a quick reply is tapped, then it yields a quick_reply event with title and payload', () => {
    expect(events(parseMessengerPayload(fixture('quick-reply')))).toEqual([
      expect.objectContaining({ eventId: 'm_fake_quick_0001', kind: 'quick_reply', text: 'Book a visit', payload: 'INTENT_APPOINTMENT' }),
    ]);
  });

  test('when a postback arrives, then it yields a postback event keyed on postback.mid', () => {
    expect(events(parseMessengerPayload(fixture('postback')))).toEqual([
      expect.objectContaining({
        eventId: 'm_fake_postback_0001',
        senderId: '7000000000000002',
        kind: 'postback',
        text: 'Get Started',
        payload: 'GET_STARTED',
      }),
    ]);
  });

  test('when a postback has no mid, then its id is synthetic and the same on a redelivery', () => {
    const first = events(parseMessengerPayload(fixture('postback-without-mid')));
    const again = events(parseMessengerPayload(fixture('postback-without-mid')));
    expect(first).toHaveLength(1);
    expect(first[0]?.eventId).toMatch(/^pb_[0-9a-f]{40}$/);
    expect(again[0]?.eventId).toBe(first[0]?.eventId);
  });

  test('when two postbacks without mid differ only in timestamp, then their ids differ', () => {
    const a = fixture('postback-without-mid') as { entry: Array<{ messaging: Array<{ timestamp: number }> }> };
    const b = structuredClone(a);
    b.entry[0]!.messaging[0]!.timestamp += 1;
    expect(events(parseMessengerPayload(a))[0]?.eventId).not.toBe(events(parseMessengerPayload(b))[0]?.eventId);
  });

  test('when a batch has 2 entries with 2 items each, then every item becomes an event, in order', () => {
    const result = events(parseMessengerPayload(fixture('batch')));
    expect(result.map((e) => [e.eventId, e.kind, e.senderId])).toEqual([
      ['m_fake_batch_0001', 'text', '7000000000000003'],
      ['m_fake_batch_0002', 'text', '7000000000000004'],
      ['m_fake_batch_0003', 'text', '7000000000000003'],
      ['m_fake_batch_0004', 'postback', '7000000000000005'],
    ]);
  });

  test("when the Page's own message comes back as an echo, then it is skipped", () => {
    const result = parseMessengerPayload(fixture('echo'));
    expect(result).toMatchObject({ ok: true, events: [], skipped: { echo: 1 } });
  });

  test('when delivery and read receipts arrive, then both are skipped and counted', () => {
    const result = parseMessengerPayload(fixture('delivery-read'));
    expect(result).toMatchObject({ ok: true, events: [], skipped: { delivery: 1, read: 1 } });
  });

  test('when a message has only a photo, then it yields an attachment event with the URL to download', () => {
    expect(events(parseMessengerPayload(fixture('attachment-only')))).toEqual([
      expect.objectContaining({
        eventId: 'm_fake_attachment_0001',
        kind: 'attachment',
        attachments: [{ type: 'image', url: expect.stringMatching(/^https:\/\//) }],
      }),
    ]);
  });

  test('when a message has only a sticker or a location, then it stays unsupported (nothing of the patient to download)', () => {
    const body = fixture('attachment-only') as { entry: Array<{ messaging: Array<{ message: { attachments: unknown[] } }> }> };
    const message = body.entry[0]?.messaging[0]?.message;
    if (message)
      message.attachments = [{ type: 'image', payload: { url: 'https://example.org/sticker.png', sticker_id: 369239263222822 } }];
    expect(events(parseMessengerPayload(body))).toEqual([expect.objectContaining({ kind: 'unsupported', attachmentTypes: ['image'] })]);
  });

  test('when an event is parsed, then the raw messaging item is kept untouched for channelData', () => {
    const body = fixture('quick-reply') as { entry: Array<{ messaging: unknown[] }> };
    expect(events(parseMessengerPayload(body))[0]?.raw).toBe(body.entry[0]?.messaging[0]);
  });

  test('when a reaction arrives, then it is skipped', () => {
    const body = {
      object: 'page',
      entry: [
        {
          id: 'P',
          time: 1,
          messaging: [{ sender: { id: 'U' }, recipient: { id: 'P' }, timestamp: 5, reaction: { mid: 'm_1', action: 'react', emoji: 'x' } }],
        },
      ],
    };
    expect(parseMessengerPayload(body)).toMatchObject({ ok: true, events: [], skipped: { reaction: 1 } });
  });

  test('when the object is not "page", then it reports not_page_object', () => {
    expect(parseMessengerPayload({ object: 'instagram', entry: [] })).toMatchObject({ ok: false, code: 'not_page_object' });
  });

  test.each([
    ['null', null],
    ['a string', 'page'],
    ['a number', 42],
    ['an array', [{ object: 'page' }]],
    ['entry not an array', { object: 'page', entry: { 0: {} } }],
    ['entry missing', { object: 'page' }],
  ])('when the body is %s, then it reports invalid_payload without throwing', (_name, body) => {
    expect(parseMessengerPayload(body)).toMatchObject({ ok: false, code: 'invalid_payload' });
  });

  test('when items have deeply wrong types, then each is skipped and the good one survives', () => {
    const good = { sender: { id: 'U1' }, recipient: { id: 'P' }, timestamp: 10, message: { mid: 'm_ok', text: 'hello' } };
    const body = {
      object: 'page',
      entry: [
        null,
        42,
        { id: 'P', messaging: 'not an array' },
        {
          id: 'P',
          time: 1,
          messaging: [
            null,
            'x',
            [],
            { message: 'text' },
            { sender: { id: 7 }, recipient: { id: 'P' }, timestamp: 1, message: { mid: 'm_n', text: 'numeric sender' } },
            { sender: { id: 'U' }, recipient: { id: 'P' }, timestamp: 'soon', message: { mid: 'm_t', text: 'bad time' } },
            { sender: { id: 'U' }, recipient: { id: 'P' }, timestamp: 1, message: { mid: { $gt: '' }, text: 'object mid' } },
            { sender: { id: 'U' }, recipient: { id: 'P' }, timestamp: 1, message: { mid: 'm_e', text: '' } },
            { sender: { id: 'U' }, recipient: { id: 'P' }, timestamp: 1, message: { mid: 'm_a', attachments: 'nope' } },
            { sender: { id: 'U' }, recipient: { id: 'P' }, timestamp: 1, postback: {} },
            { sender: null, recipient: null, timestamp: null, message: null, postback: null },
            { __proto__: { message: { mid: 'm_proto', text: 'inherited' } } },
            good,
          ],
        },
      ],
    };
    const result = parseMessengerPayload(JSON.parse(JSON.stringify(body)));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.events.map((e) => e.eventId)).toEqual(['m_ok']);
    expect(result.skipped.invalid).toBeGreaterThanOrEqual(8);
  });

  test('when a message text is huge, then it is returned as is (the route caps the body size)', () => {
    const text = 'a'.repeat(200_000);
    const body = {
      object: 'page',
      entry: [
        { id: 'P', time: 1, messaging: [{ sender: { id: 'U' }, recipient: { id: 'P' }, timestamp: 1, message: { mid: 'm_big', text } }] },
      ],
    };
    expect(events(parseMessengerPayload(body))[0]?.text).toHaveLength(200_000);
  });

  test('when a delivery holds more items than the limit, then the extra ones are counted, not parsed', () => {
    const item = { sender: { id: 'U' }, recipient: { id: 'P' }, timestamp: 1, read: { watermark: 1 } };
    const body = {
      object: 'page',
      entry: [{ id: 'P', time: 1, messaging: Array.from({ length: MAX_ITEMS_PER_DELIVERY + 5 }, () => item) }],
    };
    const result = parseMessengerPayload(body);
    expect(result).toMatchObject({ ok: true, skipped: { read: MAX_ITEMS_PER_DELIVERY, over_limit: 5 } });
  });

  test('when an object has throwing getters, then it reports invalid_payload instead of throwing', () => {
    const hostile = {
      object: 'page',
      get entry(): unknown {
        throw new Error('boom');
      },
    };
    expect(parseMessengerPayload(hostile)).toMatchObject({ ok: false, code: 'invalid_payload' });
  });

  test('when deeply nested junk is inside a message, then parsing still returns', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 5000; i += 1) deep = { a: deep };
    const body = {
      object: 'page',
      entry: [
        {
          id: 'P',
          time: 1,
          messaging: [{ sender: { id: 'U' }, recipient: { id: 'P' }, timestamp: 1, message: { mid: 'm_d', text: 'hi', junk: deep } }],
        },
      ],
    };
    expect(events(parseMessengerPayload(body)).map((e) => e.eventId)).toEqual(['m_d']);
  });

  test('when sender and recipient are the same Page without is_echo, then it is treated as an echo', () => {
    const body = {
      object: 'page',
      entry: [
        {
          id: 'P',
          time: 1,
          messaging: [{ sender: { id: 'P' }, recipient: { id: 'P' }, timestamp: 1, message: { mid: 'm_self', text: 'hi' } }],
        },
      ],
    };
    expect(parseMessengerPayload(body)).toMatchObject({ ok: true, events: [], skipped: { echo: 1 } });
  });
});
