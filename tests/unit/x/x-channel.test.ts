import { xChannel } from '../../../src/channels/x';
import type { Channel, ChannelContext } from '../../../src/conversation/channel';
import type { Activity } from 'botbuilder';
import { TurnRecords } from '../../../src/bot/turn-records';
import { readInboundMeta } from '../../../src/conversation/turn-meta';
import { createLogger } from '../../../src/platform/logger';
import { createStore, type Store } from '../../../src/create-store';
import { replies } from '../../../src/bot/replies';
import { loadPracticeProfile } from '../../../src/practice/practice-profile';

const ENV = {
  X_CONSUMER_KEY: 'ck',
  X_CONSUMER_SECRET: 'cs',
  X_ACCESS_TOKEN: 'at',
  X_ACCESS_SECRET: 'as',
  X_ACCOUNT_ID: '1500000000000000001',
  X_API_BASE: 'http://127.0.0.1:9',
};

function setup(): { channel: Channel; store: Store } {
  const setupResult = xChannel.fromEnv(ENV);
  if (!setupResult.enabled) throw new Error('expected X to be on');
  const store = createStore(':memory:');
  const ctx: ChannelContext = { store, log: createLogger('silent'), now: Date.now, ingest: async () => 0, practice: loadPracticeProfile() };
  return { channel: setupResult.create(ctx), store };
}

describe('X channel definition', () => {
  test('when no X key is set, then the channel is off and says how to turn it on', () => {
    const result = xChannel.fromEnv({});
    expect(result).toMatchObject({ enabled: false, howToEnable: expect.stringContaining('X_CONSUMER_KEY') });
  });

  test('when running, then its limits are X DMs: 10,000 characters', async () => {
    const { channel, store } = setup();
    expect(channel.limits.maxTextLength).toBe(10_000);
    expect(channel.displayName).toBe('X');
    await store.close();
  });

  test('when a DM is read back from the inbox, then it is a private conversation with the sender', async () => {
    const { channel, store } = setup();
    const activity = channel.toActivity({
      eventId: 'dm:1',
      kind: 'dm',
      accountId: ENV.X_ACCOUNT_ID,
      senderId: '1600000000000000001',
      timestamp: 1,
      text: 'hi',
    });
    expect(activity?.conversation?.id).toBe('1600000000000000001');
    expect(readInboundMeta(activity ?? {}).surface).toBeUndefined();
    const { conversation } = await new TurnRecords(store, createLogger('silent'), Date.now).record(activity as Activity, 'hi');
    expect(conversation.surface).toBe('private');
    await store.close();
  });

  test("when a mention is read back, then it is public, kept apart from that person's DMs, and marked not addressed when only tagged", async () => {
    const { channel, store } = setup();
    const activity = channel.toActivity({
      eventId: 'tweet:2',
      kind: 'mention',
      accountId: ENV.X_ACCOUNT_ID,
      senderId: '1600000000000000001',
      timestamp: 1,
      text: 'hi all',
      tweetId: '2',
      notAddressed: true,
    });
    expect(activity?.conversation?.id).not.toBe('1600000000000000001');
    expect(readInboundMeta(activity ?? {})).toMatchObject({ surface: 'public', notAddressed: true });
    const { conversation } = await new TurnRecords(store, createLogger('silent'), Date.now).record(activity as Activity, 'hi all');
    expect(conversation.surface).toBe('public');
    await store.close();
  });

  test('when the inbox holds something that is not an X event, then it is refused', async () => {
    const { channel, store } = setup();
    expect(channel.toActivity({ eventId: 'x', kind: 'story' })).toBeUndefined();
    expect(channel.toActivity({ eventId: 'tweet:1', kind: 'mention', accountId: '1', senderId: '2', timestamp: 1 })).toBeUndefined(); // no post id to reply to
    await store.close();
  });

  test('when asked who may write, then DMs are open to bot and staff, and on a public mention staff replies become private DMs', async () => {
    const { channel, store } = setup();
    const now = Date.now();
    expect(channel.replyWindow({ author: 'staff', lastInboundAt: now - 30 * 86_400_000, now, surface: 'private' })).toMatchObject({
      state: 'open',
      send: { type: 'dm' },
    });
    expect(channel.replyWindow({ author: 'bot', lastInboundAt: now, now, surface: 'public' })).toMatchObject({
      state: 'open',
      send: { type: 'public' },
    });
    expect(channel.replyWindow({ author: 'staff', lastInboundAt: now, now, surface: 'public' })).toMatchObject({
      state: 'open',
      send: { type: 'dm_to_author' },
    });
    await store.close();
  });
});

describe('Fixed public texts', () => {
  test('when the practice profile is loaded, then each public text fits one post and names the emergency numbers', () => {
    const say = replies(loadPracticeProfile());
    expect(say.publicInvite.length).toBeLessThanOrEqual(260); // room for the @handle
    expect(say.publicEmergency.length).toBeLessThanOrEqual(260);
    expect(say.publicEmergency).toMatch(/911/);
    expect(say.publicEmergency).toMatch(/988/);
  });
});
