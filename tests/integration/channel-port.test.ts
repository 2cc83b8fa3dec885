import { ActivityTypes } from 'botbuilder';
import express from 'express';
import { CHANNELS } from '../../src/channels';
import type { Channel, ChannelDefinition } from '../../src/conversation/channel';
import { readOutboxPayload, type OutboxPayload } from '../../src/conversation/outbox/delivery';
import { inboundActivity } from '../../src/conversation/turn-meta';
import { startFrontdesk, type Frontdesk } from '../helpers/start-frontdesk';
import { waitFor } from '../helpers/wait-for';

/**
 * A channel that exists only in this file: a JSON endpoint in, an array out. It is registered the
 * way every channel is, through the channel list, with no production file knowing about it.
 */
function testChannel(sent: OutboxPayload[], extra: { maxSendsPerSecond?: number; startedAt?: number[] } = {}): ChannelDefinition {
  const id = 'pigeon';
  return {
    id,
    displayName: 'Carrier pigeon',
    envHelp: [['PIGEON_LOFT', 'where the pigeons live']],
    fromEnv(env) {
      if (!env.PIGEON_LOFT) return { enabled: false, howToEnable: 'set PIGEON_LOFT' };
      return {
        enabled: true,
        create(ctx): Channel {
          return {
            id,
            displayName: 'Carrier pigeon',
            limits: {
              maxTextLength: 500,
              maxQuickReplies: 2,
              maxQuickReplyTitle: 20,
              ...(extra.maxSendsPerSecond ? { maxSendsPerSecond: extra.maxSendsPerSecond } : {}),
            },
            routes() {
              const router = express.Router();
              router.post('/pigeon/in', express.json(), async (req, res) => {
                const body = req.body as { from: string; id: string; text: string };
                const added = await ctx.ingest([{ eventId: body.id, payload: { ...body, at: ctx.now() } }]);
                res.status(200).json({ added });
              });
              return router;
            },
            toActivity(payload) {
              const p = payload as { from?: unknown; id?: unknown; text?: unknown; at?: unknown };
              if (typeof p.from !== 'string' || typeof p.id !== 'string' || typeof p.text !== 'string' || typeof p.at !== 'number')
                return undefined;
              return inboundActivity(
                {
                  type: ActivityTypes.Message,
                  channelId: id,
                  id: p.id,
                  timestamp: new Date(p.at),
                  serviceUrl: 'pigeon:',
                  from: { id: p.from, name: '', role: 'user' },
                  recipient: { id: 'loft', name: '', role: 'bot' },
                  conversation: { id: p.from, name: '', isGroup: false, conversationType: 'personal' },
                  text: p.text,
                },
                {},
              );
            },
            async deliver(item) {
              extra.startedAt?.push(Date.now());
              const payload = readOutboxPayload(item.payload);
              if (!payload) return { ok: false, retryable: false, reason: 'not a message' };
              sent.push(payload);
              return { ok: true, platformMessageId: `p${sent.length}` };
            },
            replyWindow: ({ author }) => ({ state: 'open', send: { type: author === 'staff' ? 'PIGEON_HUMAN' : 'PIGEON_BOT' } }),
          };
        },
      };
    },
  };
}

interface QueueItem {
  id: number;
  route: string;
  channel: string;
  channelName: string;
}

describe('A channel defined outside the production code', () => {
  let fd: Frontdesk;
  let sent: OutboxPayload[];

  beforeEach(async () => {
    sent = [];
    fd = await startFrontdesk({ channels: [...CHANNELS, testChannel(sent)], env: { PIGEON_LOFT: 'roof' } });
  });
  afterEach(async () => {
    await fd.close();
  });

  test('when a patient writes through it, then the bot answers on it and staff see it under its name', async () => {
    const res = await fetch(`${fd.server.url}/pigeon/in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: 'bird-1', id: 'msg-1', text: 'can i talk to a real person please' }),
    });
    expect(res.status).toBe(200);
    await fd.server.idle();

    const texts = sent.map((p) => p.text).join('\n');
    expect(texts).toMatch(/member of our staff/i);
    expect(sent.every((p) => p.recipientId === 'bird-1')).toBe(true);
    expect(sent.every((p) => p.quickReplies.length <= 2)).toBe(true);

    const list = (await (await fd.staff('/api/escalations')).json()) as { items: QueueItem[] };
    const item = list.items.find((i) => i.channel === 'pigeon');
    expect(item).toMatchObject({ route: 'human', channelName: 'Carrier pigeon' });
  });

  test('when staff reply, then the reply goes out on the same channel with the send type its policy chose', async () => {
    await fetch(`${fd.server.url}/pigeon/in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: 'bird-2', id: 'msg-2', text: 'can i talk to a real person please' }),
    });
    await fd.server.idle();
    const list = (await (await fd.staff('/api/escalations')).json()) as { items: QueueItem[] };
    const item = list.items.find((i) => i.channel === 'pigeon');
    if (!item) throw new Error('no queue item for the pigeon thread');

    const reply = await fd.staff(`/api/escalations/${item.id}/reply`, { method: 'POST', body: { text: 'Hello from the front desk.' } });
    expect(reply.status).toBe(202);
    expect(await reply.json()).toMatchObject({ status: 'queued', messagingType: 'PIGEON_HUMAN' });
    await fd.server.idle();

    const last = sent.at(-1);
    expect(last).toMatchObject({ recipientId: 'bird-2', text: 'Hello from the front desk.', send: { type: 'PIGEON_HUMAN' } });
  });

  test('when an answer and its "Did that help?" fit the channel together, then they go as one message, and as two when they do not', async () => {
    const ask = (from: string, id: string, text: string) =>
      fetch(`${fd.server.url}/pigeon/in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from, id, text }),
      });
    await ask('bird-short', 'msg-short', 'where do i park');
    await ask('bird-long', 'msg-long', 'is this chat hipaa compliant'); // the privacy answer is longer than this channel's 500 characters
    await fd.server.idle();
    const to = (bird: string) => sent.filter((p) => p.recipientId === bird);

    const short = to('bird-short');
    expect(short.at(-1)?.text).toMatch(/park[\s\S]*\n\nDid that help\?$/i);
    expect(short.at(-1)?.quickReplies.map((q) => q.title)).toEqual(['Yes, thanks', 'No']);

    const long = to('bird-long');
    expect(long.at(-1)).toMatchObject({ text: 'Did that help?' });
    expect(long.at(-2)?.text).not.toMatch(/Did that help/);
    expect(long.every((p) => p.text.length <= 500 || !p.text.includes('Did that help'))).toBe(true);
  });

  test('when a staff reply is longer than the channel allows, then it is refused naming the limit', async () => {
    await fetch(`${fd.server.url}/pigeon/in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ from: 'bird-3', id: 'msg-3', text: 'can i talk to a real person please' }),
    });
    await fd.server.idle();
    const list = (await (await fd.staff('/api/escalations')).json()) as { items: QueueItem[] };
    const item = list.items.find((i) => i.channel === 'pigeon');
    if (!item) throw new Error('no queue item for the pigeon thread');
    const before = sent.length;

    const reply = await fd.staff(`/api/escalations/${item.id}/reply`, { method: 'POST', body: { text: 'x'.repeat(501) } });
    expect(reply.status).toBe(400);
    expect(JSON.stringify(await reply.json())).toMatch(/500 characters/);
    await fd.server.idle();
    expect(sent.length).toBe(before);
  });

  test('when its variables are missing, then it is off and the server still starts with the others', async () => {
    await fd.close();
    fd = await startFrontdesk({ channels: [...CHANNELS, testChannel(sent)] });
    const res = await fetch(`${fd.server.url}/pigeon/in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(404);
    expect(fd.logs.text).toMatch(/pigeon disabled: set PIGEON_LOFT/);
  });
});

describe('A channel with a published send-rate limit', () => {
  test('when many patients write at once, then every reply goes out and no second holds more sends than the channel allows', async () => {
    const sent: OutboxPayload[] = [];
    const startedAt: number[] = [];
    const fd = await startFrontdesk({
      channels: [...CHANNELS, testChannel(sent, { maxSendsPerSecond: 8, startedAt })],
      env: { PIGEON_LOFT: 'roof' },
    });
    try {
      for (let i = 0; i < 10; i += 1) {
        const res = await fetch(`${fd.server.url}/pigeon/in`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ from: `bird-rate-${i}`, id: `msg-rate-${i}`, text: 'what time do you open on saturday' }),
        });
        expect(res.status).toBe(200);
      }
      const written = () =>
        (fd.server.store.db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE channel = 'pigeon'").get() as { n: number }).n;
      await waitFor(() => written() >= 20 && sent.length === written(), 15_000);

      // Every patient got the greeting and the answer.
      for (let i = 0; i < 10; i += 1) expect(sent.filter((p) => p.recipientId === `bird-rate-${i}`).length).toBeGreaterThanOrEqual(2);
      // No sliding one-second window holds more than 8 send starts.
      const busiest = Math.max(...startedAt.map((t) => startedAt.filter((u) => u >= t && u < t + 1000).length));
      expect(busiest).toBeLessThanOrEqual(8);
    } finally {
      await fd.close();
    }
  });
});
