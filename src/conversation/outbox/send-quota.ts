import type { OutboxItem } from './outbox-repo';

/** Ordinary replies on a channel wait for its quota: until when, and how much of the window is used. */
export interface SendQuotaPause {
  until: number;
  used: number;
  limit: number;
  /** Which window is spent, e.g. `15 minutes` or `day`. */
  window: string;
}

/**
 * A send quota the platform counts per account over minutes or a day (X: 15 DMs per 15 minutes and
 * 1,440 a day). The channel owns it and learns the real counts from the platform's answers; the
 * outbox asks it before every send. It keeps a reserve that only urgent (emergency) replies may use,
 * so a 911/988 reply always has a send left while ordinary replies wait for the window to reset.
 */
export interface SendQuota {
  /** How many sends may start now, the emergency reserve included; 0 holds the channel's claims. */
  room(now: number): number;
  /** Counts this send as it starts, or says when it may start (ordinary sends never use the reserve). */
  take(item: OutboxItem, now: number): { ok: true } | { ok: false; until: number };
  /** While ordinary replies wait: until when and how much is used; undefined while they flow. */
  pause(now: number): SendQuotaPause | undefined;
}
