import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDmEventsPage, parseMentionsPage } from '../../../src/channels/x/parse-v2';

const ACCOUNT = '1500000000000000001';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(join(__dirname, '../../fixtures/x', name), 'utf8'));
}

describe('parseDmEventsPage', () => {
  test('when a page is read, then patient messages become events with the same ids a webhook would give', () => {
    const page = parseDmEventsPage(fixture('dm-events-page.json'), ACCOUNT);
    expect(page.events).toEqual([
      {
        eventId: 'dm:1910000000000000022',
        kind: 'dm',
        accountId: ACCOUNT,
        senderId: '1600000000000000021',
        timestamp: Date.parse('2025-11-29T08:10:02.000Z'),
        unsupported: true,
        attachmentTypes: ['media'],
      },
      {
        eventId: 'dm:1910000000000000021',
        kind: 'dm',
        accountId: ACCOUNT,
        senderId: '1600000000000000020',
        timestamp: Date.parse('2025-11-29T08:10:01.000Z'),
        text: 'can I book a checkup next week',
      },
    ]);
    expect(page.skipped).toMatchObject({ own: 1, other: 1, invalid: 1 });
    expect(page.ids).toEqual(['1910000000000000023', '1910000000000000022', '1910000000000000021', '1910000000000000020']);
    expect(page.nextToken).toBe('18LAA581J5II7LA00C00ZZZZ');
  });

  test('when the body is not a page, then it yields nothing and does not throw', () => {
    expect(parseDmEventsPage('nope', ACCOUNT)).toMatchObject({ events: [], ids: [] });
    expect(parseDmEventsPage({ data: 'x' }, ACCOUNT)).toMatchObject({ events: [], ids: [] });
  });
});

describe('parseMentionsPage', () => {
  test('when a page is read, then reposts are skipped, long posts read in full and tagged-among-others marked', () => {
    const page = parseMentionsPage(fixture('mentions-page.json'), ACCOUNT);
    expect(page.events.map((e) => [e.eventId, e.notAddressed ?? false])).toEqual([
      ['tweet:1920000000000000012', false],
      ['tweet:1920000000000000010', true],
      ['tweet:1920000000000000009', false],
    ]);
    expect(page.events[0]).toMatchObject({
      text: 'are you open on saturdays?',
      tweetId: '1920000000000000012',
      senderId: '1600000000000000030',
      senderHandle: 'testpatient30',
    });
    expect(page.events[2]?.senderHandle).toBeUndefined(); // not a valid handle: left out
    expect(page.events[2]?.text).toMatch(/knee.*stairs$/);
    expect(page.skipped.retweet).toBe(1);
    expect(page.nextToken).toBeUndefined();
  });
});
