import type { OutboxItem } from '../../conversation/outbox/outbox-repo';
import { readOutboxPayload, PUBLIC_POST_SEND_TYPE } from '../../conversation/outbox/delivery';
import type { SendQuota, SendQuotaPause } from '../../conversation/outbox/send-quota';
import { setSendQuota } from '../../platform/metrics';
import type { XRate } from './x-errors';

/** X's DM send limits for one account (`POST /2/dm_conversations/with/:participant_id/messages`). */
export const X_DM_LIMITS = {
  perWindow: 15,
  windowMs: 15 * 60_000,
  perDay: 1440,
  dayMs: 24 * 60 * 60_000,
} as const;

/** Sends kept for emergency replies: ordinary replies stop while this few remain in a window. */
export const X_EMERGENCY_RESERVE = { window: 2, day: 30 } as const;

interface Window {
  readonly name: string;
  readonly lengthMs: number;
  readonly reserve: number;
  limit: number;
  remaining: number;
  /** When X resets the window; undefined until the first send of a fresh window. */
  resetAt: number | undefined;
}

/**
 * X's DM quota as this server knows it: 15 sends per 15 minutes and 1,440 per day until X's first
 * answer, then what X reports in `x-rate-limit-*` (the 15-minute window) and `x-user-limit-24hour-*`
 * (the day). Each send is counted as it starts, so sends in flight never overspend; X's figures
 * only ever lower the count within a window (sends made elsewhere, from the X app, count too).
 * Ordinary replies keep a reserve free in each window so a 911/988 reply always has a send left.
 * Public posts are not DMs and have their own, larger limit: they are not counted here.
 */
export class XDmQuota implements SendQuota {
  private readonly windows: [Window, Window];

  constructor(
    private readonly channel: string,
    now: number,
  ) {
    this.windows = [
      {
        name: '15 minutes',
        lengthMs: X_DM_LIMITS.windowMs,
        reserve: X_EMERGENCY_RESERVE.window,
        limit: X_DM_LIMITS.perWindow,
        remaining: X_DM_LIMITS.perWindow,
        resetAt: undefined,
      },
      {
        name: 'day',
        lengthMs: X_DM_LIMITS.dayMs,
        reserve: X_EMERGENCY_RESERVE.day,
        limit: X_DM_LIMITS.perDay,
        remaining: X_DM_LIMITS.perDay,
        resetAt: undefined,
      },
    ];
    this.report(now);
  }

  room(now: number): number {
    this.roll(now);
    return Math.min(...this.windows.map((w) => w.remaining));
  }

  take(item: OutboxItem, now: number): { ok: true } | { ok: false; until: number } {
    if (!countsAsDm(item)) return { ok: true };
    this.roll(now);
    const blocked = this.blocking(now, item.urgent);
    if (blocked) return { ok: false, until: blocked.until };
    for (const w of this.windows) {
      w.remaining -= 1;
      w.resetAt ??= now + w.lengthMs;
    }
    this.report(now);
    return { ok: true };
  }

  pause(now: number): SendQuotaPause | undefined {
    this.roll(now);
    return this.blocking(now, false);
  }

  /** What X said in answer to a DM send (success or failure): its counts are the truth. */
  learn(rate: XRate | undefined, now: number): void {
    if (!rate) return;
    const [window, day] = this.windows;
    adopt(window, rate.limit, rate.remaining, rate.resetAt);
    adopt(day, rate.day?.limit, rate.day?.remaining, rate.day?.resetAt);
    this.report(now);
  }

  /** The DMs sent today and the day's limit, for `/metrics`. */
  dayUsage(now: number): { used: number; limit: number } {
    this.roll(now);
    const day = this.windows[1];
    return { used: day.limit - day.remaining, limit: day.limit };
  }

  private blocking(now: number, urgent: boolean): SendQuotaPause | undefined {
    let worst: SendQuotaPause | undefined;
    for (const w of this.windows) {
      const floor = urgent ? 0 : Math.min(w.reserve, w.limit - 1);
      if (w.remaining > floor) continue;
      const until = w.resetAt ?? now + w.lengthMs;
      if (!worst || until > worst.until) worst = { until, used: w.limit - w.remaining, limit: w.limit, window: w.name };
    }
    return worst;
  }

  /** A window whose reset has passed starts again full. */
  private roll(now: number): void {
    for (const w of this.windows) {
      if (w.resetAt !== undefined && now >= w.resetAt) {
        w.remaining = w.limit;
        w.resetAt = undefined;
      }
    }
  }

  private report(now: number): void {
    const { used, limit } = this.dayUsage(now);
    setSendQuota(this.channel, 'day', used, limit);
  }
}

function adopt(w: Window, limit: number | undefined, remaining: number | undefined, resetAt: number | undefined): void {
  if (limit !== undefined && limit > 0) w.limit = limit;
  if (remaining === undefined) return;
  // A reset later than the one we know is a new window on X's clock: its count replaces ours.
  const newWindow = resetAt !== undefined && (w.resetAt === undefined || resetAt > w.resetAt + 1000);
  w.remaining = Math.max(0, newWindow ? Math.min(remaining, w.limit) : Math.min(remaining, w.remaining));
  if (resetAt !== undefined) w.resetAt = resetAt;
}

function countsAsDm(item: OutboxItem): boolean {
  return readOutboxPayload(item.payload)?.send?.type !== PUBLIC_POST_SEND_TYPE;
}
