import type { OutboxItem } from './outbox-repo';

/** What a channel's sender says about one attempt to deliver an outbox item. */
export type DeliveryResult =
  | { ok: true; platformMessageId?: string }
  | { ok: false; retryable: boolean; reason: string };

/** Sends one outbox item on its channel. Must not throw for platform errors; `reason` carries no patient text. */
export type Deliverer = (item: OutboxItem) => Promise<DeliveryResult>;
