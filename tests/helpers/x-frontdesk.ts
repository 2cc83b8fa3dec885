import { startFakeX, type FakeX } from './fake-x';
import { signX } from './sign';
import { startFrontdesk, type Frontdesk } from './start-frontdesk';

export const X_CONSUMER_SECRET = 'test-x-consumer-secret';
export const X_OLD_CONSUMER_SECRET = 'test-x-consumer-secret-old';

export interface XFrontdesk extends Frontdesk {
  x: FakeX;
  /** Posts to `/webhooks/x`, signed with the consumer secret unless told otherwise. */
  postX(body: Buffer | string | object, opts?: { signature?: string | null; contentType?: string }): Promise<Response>;
  /** Every DM and post that reached the fake X, in order. */
  sentTo(participantId: string): string[];
}

/** The real server with X on (webhook or poll mode) against a fake X server on loopback. */
export async function startXFrontdesk(
  options: {
    mode?: 'webhook' | 'poll';
    x?: FakeX;
    dir?: string;
    pollSeconds?: string;
    delayMs?: number;
    workerFailingAfterMs?: number;
  } = {},
): Promise<XFrontdesk> {
  const x =
    options.x ??
    (await startFakeX({ consumerSecret: X_CONSUMER_SECRET, ...(options.delayMs !== undefined ? { delayMs: options.delayMs } : {}) }));
  const fd = await startFrontdesk({
    ...(options.dir ? { dir: options.dir } : {}),
    ...(options.workerFailingAfterMs !== undefined ? { workerFailingAfterMs: options.workerFailingAfterMs } : {}),
    env: {
      X_CONSUMER_KEY: 'test-x-consumer-key',
      X_CONSUMER_SECRET: `${X_CONSUMER_SECRET},${X_OLD_CONSUMER_SECRET}`,
      X_ACCESS_TOKEN: 'test-x-access-token',
      X_ACCESS_SECRET: 'test-x-access-secret',
      X_ACCOUNT_ID: x.accountId,
      X_MODE: options.mode ?? 'webhook',
      X_POLL_SECONDS: options.pollSeconds ?? '0.2',
      X_API_BASE: x.baseUrl,
    },
  });
  return {
    ...fd,
    x,
    postX(body, opts = {}) {
      const raw = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
      const headers: Record<string, string> = { 'content-type': opts.contentType ?? 'application/json' };
      const signature = opts.signature === undefined ? signX(raw, X_CONSUMER_SECRET) : opts.signature;
      if (signature !== null) headers['x-twitter-webhooks-signature'] = signature;
      return fetch(`${fd.server.url}/webhooks/x`, { method: 'POST', headers, body: raw });
    },
    sentTo(participantId) {
      return x.sentDms.filter((d) => d.participantId === participantId).map((d) => d.text);
    },
    async close() {
      await fd.close();
      if (!options.x) await x.close();
    },
  };
}

/** An Account Activity DM delivery from one patient, with fresh ids. */
export function xDm(opts: { accountId: string; senderId: string; id: string; text: string; at?: number }): object {
  return {
    for_user_id: opts.accountId,
    direct_message_events: [
      {
        type: 'message_create',
        id: opts.id,
        created_timestamp: String(opts.at ?? Date.now()),
        message_create: { target: { recipient_id: opts.accountId }, sender_id: opts.senderId, message_data: { text: opts.text } },
      },
    ],
  };
}

/** An Account Activity mention delivery (a classic post shape). */
export function xMention(opts: { accountId: string; authorId: string; id: string; text: string; at?: number }): object {
  return {
    for_user_id: opts.accountId,
    tweet_create_events: [
      {
        id_str: opts.id,
        text: `@frontdeskclinic ${opts.text}`,
        timestamp_ms: String(opts.at ?? Date.now()),
        user: { id_str: opts.authorId, screen_name: 'testpatient' },
        entities: { user_mentions: [{ id_str: opts.accountId, screen_name: 'frontdeskclinic', indices: [0, 16] }] },
      },
    ],
  };
}
