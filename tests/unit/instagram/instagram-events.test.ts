import { instagramConfigFromEnv } from '../../../src/channels/instagram/instagram-config';
import { parseMessengerPayload } from '../../../src/channels/meta-parse-events';
import { readFixture } from '../../helpers/start-frontdesk';

const META = { MESSENGER_APP_SECRET: 'secret', MESSENGER_VERIFY_TOKEN: 'verify', MESSENGER_PAGE_ACCESS_TOKEN: 'page-token' };

function parsed(name: string) {
  const result = parseMessengerPayload(JSON.parse(readFixture(`instagram/${name}.json`).toString('utf8')), 'instagram');
  if (!result.ok) throw new Error(result.message);
  return result;
}

describe('Instagram messaging events', () => {
  test('when a story reply arrives, then its text is read and the story is kept as context only', () => {
    const [event] = parsed('story-reply').events;
    expect(event).toMatchObject({ kind: 'text', text: 'do you take walk-ins?', context: 'story_reply', senderId: '1234500000000002' });
  });

  test('when a story mention arrives, then it is an unsupported message marked as a mention', () => {
    expect(parsed('story-mention').events[0]).toMatchObject({
      kind: 'unsupported',
      attachmentTypes: ['story_mention'],
      context: 'story_mention',
    });
  });

  test('when Meta marks a message unsupported, then it is still reported', () => {
    expect(parsed('unsupported').events[0]).toMatchObject({ kind: 'unsupported' });
  });

  test('when an echo arrives, then it is skipped', () => {
    const result = parsed('echo');
    expect(result.events).toEqual([]);
    expect(result.skipped.echo).toBe(1);
  });

  test('when a Page delivery reaches the Instagram parser, then it is refused', () => {
    expect(parseMessengerPayload({ object: 'page', entry: [] }, 'instagram')).toMatchObject({ ok: false, code: 'not_page_object' });
  });
});

describe('Instagram settings', () => {
  test('when INSTAGRAM_ACCOUNT_ID is unset, then Instagram is off', () => {
    expect(instagramConfigFromEnv(META)).toBeUndefined();
  });

  test('when it is set beside the Messenger settings, then the same app secret and Page token are used', () => {
    expect(instagramConfigFromEnv({ ...META, INSTAGRAM_ACCOUNT_ID: '17841400000000001' })).toMatchObject({
      accountId: '17841400000000001',
      appSecrets: ['secret'],
      pageAccessToken: 'page-token',
      verifyToken: 'verify',
    });
  });

  test('when it is set without the Meta app, or is not numeric, then start-up names the variables', () => {
    expect(() => instagramConfigFromEnv({ INSTAGRAM_ACCOUNT_ID: '17841400000000001' })).toThrow(/MESSENGER_APP_SECRET/);
    expect(() => instagramConfigFromEnv({ ...META, INSTAGRAM_ACCOUNT_ID: '@clinic' })).toThrow(/INSTAGRAM_ACCOUNT_ID/);
  });
});
