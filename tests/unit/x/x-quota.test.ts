import { XDmQuota } from '../../../src/channels/x/x-quota';
import type { OutboxItem } from '../../../src/conversation/outbox/outbox-repo';

const T0 = Date.UTC(2026, 11, 3, 14, 30);
const MIN = 60_000;

function item(opts: { urgent?: boolean; publicPost?: boolean } = {}): OutboxItem {
  return {
    id: 1,
    dedupeKey: 'k',
    channel: 'x',
    conversationId: 1,
    messageId: null,
    payload: { recipientId: '1600000000000000001', text: 'hi', quickReplies: [], ...(opts.publicPost ? { send: { type: 'public' } } : {}) },
    status: 'sending',
    attempts: 1,
    nextAttemptAt: T0,
    lastError: null,
    urgent: opts.urgent ?? false,
    lane: 'x:1600000000000000001',
    createdAt: T0,
    failedAt: null,
    handledAt: null,
    handledBy: null,
  };
}

function takeAll(quota: XDmQuota, urgent: boolean, at: number): number {
  let sent = 0;
  while (quota.take(item({ urgent }), at).ok) sent += 1;
  return sent;
}

describe('X DM quota', () => {
  test('when nothing is known from X yet, then 13 ordinary DMs may start in 15 minutes and the last 2 are kept for emergencies', () => {
    const quota = new XDmQuota('x', T0);
    expect(takeAll(quota, false, T0)).toBe(13);
    expect(quota.pause(T0)).toEqual({ until: T0 + 15 * MIN, used: 13, limit: 15, window: '15 minutes' });
    expect(quota.room(T0)).toBe(2);
    expect(takeAll(quota, true, T0)).toBe(2);
    expect(quota.room(T0)).toBe(0);
  });

  test('when the window resets, then ordinary DMs flow again', () => {
    const quota = new XDmQuota('x', T0);
    takeAll(quota, true, T0);
    expect(quota.take(item(), T0 + 15 * MIN - 1)).toEqual({ ok: false, until: T0 + 15 * MIN });
    expect(quota.take(item(), T0 + 15 * MIN).ok).toBe(true);
    expect(quota.pause(T0 + 15 * MIN)).toBeUndefined();
  });

  test('when X reports fewer sends left than counted here (DMs sent from the X app), then its figures win', () => {
    const quota = new XDmQuota('x', T0);
    quota.take(item(), T0);
    quota.learn({ limit: 15, remaining: 3, resetAt: T0 + 10 * MIN }, T0);
    expect(quota.take(item(), T0).ok).toBe(true);
    expect(quota.take(item(), T0)).toEqual({ ok: false, until: T0 + 10 * MIN });
    expect(quota.pause(T0)).toMatchObject({ used: 13, limit: 15 });
  });

  test('when X answers 429 with no sends left, then not even an emergency reply is attempted before the reset', () => {
    const quota = new XDmQuota('x', T0);
    quota.learn({ limit: 15, remaining: 0, resetAt: T0 + 5 * MIN }, T0);
    expect(quota.room(T0)).toBe(0);
    expect(quota.take(item({ urgent: true }), T0)).toEqual({ ok: false, until: T0 + 5 * MIN });
    expect(quota.take(item({ urgent: true }), T0 + 5 * MIN).ok).toBe(true);
  });

  test('when the day is nearly spent, then ordinary DMs wait for the day to reset while emergencies still go', () => {
    const quota = new XDmQuota('x', T0);
    quota.learn({ limit: 15, remaining: 15, resetAt: T0 + 15 * MIN, day: { limit: 1440, remaining: 30, resetAt: T0 + 9 * 60 * MIN } }, T0);
    expect(quota.take(item(), T0)).toEqual({ ok: false, until: T0 + 9 * 60 * MIN });
    expect(quota.pause(T0)).toMatchObject({ used: 1410, limit: 1440, window: 'day' });
    expect(quota.take(item({ urgent: true }), T0).ok).toBe(true);
    expect(quota.dayUsage(T0)).toEqual({ used: 1411, limit: 1440 });
  });

  test('when a public reply post is sent, then it does not count against the DM quota', () => {
    const quota = new XDmQuota('x', T0);
    for (let i = 0; i < 50; i += 1) expect(quota.take(item({ publicPost: true }), T0).ok).toBe(true);
    expect(quota.room(T0)).toBe(15);
  });
});
