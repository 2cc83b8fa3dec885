import { JOB_SCHEMAS, type JobSchema, type JobSpec } from '../store/postgres/job-queue';

/**
 * The queue's jobs for the inbox and the outbox on PostgreSQL. A job is a nudge to work one lane
 * (one conversation's inbound events, one recipient's outgoing messages) from its head, in id
 * order; the lane's named queue runs its jobs one at a time across every instance, so its order
 * holds however many instances share the database. Extra nudges are harmless: a lane with
 * nothing due ends its job at once.
 */
export const INBOX_LANE_TASK = 'inbox_lane';
export const OUTBOX_LANE_TASK = 'outbox_lane';

/** Emergency lanes run before any other job (lower runs first). */
const URGENT_PRIORITY = -10;

/**
 * Lanes share this many named queues per kind, each lane always the same one: a lane's jobs still
 * run one at a time. A worker looking for a job locks every free named queue of its schema, so
 * the counts stay small (cheap to look), yet well above the jobs run at once (turns: the pool's
 * connections; sends: OUTBOX_CONCURRENCY), so lanes rarely wait on another lane of their queue.
 */
const QUEUES = { inbox: 64, outbox: 128 } as const;

/** Turns and sends have job queues (schemas) of their own: a worker looking for work locks only its own kind's queues. */
export const LANE_SCHEMAS: Readonly<Record<keyof typeof QUEUES, JobSchema>> = { inbox: JOB_SCHEMAS[0], outbox: JOB_SCHEMAS[1] };

/** FNV-1a: a lane's queue number, the same on every instance and version. */
function bucketOf(lane: string, buckets: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < lane.length; i += 1) {
    hash ^= lane.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % buckets;
}

/** The inbox lane of an event its channel put in no conversation: the event alone. */
export function inboxLaneKey(lane: string | null, id: number): string {
  return lane ?? `#${id}`;
}

export function inboxLaneJob(lane: string, urgent: boolean, runAt?: number): JobSpec {
  return laneJob(INBOX_LANE_TASK, 'inbox', lane, urgent, runAt);
}

export function outboxLaneJob(lane: string, urgent: boolean, runAt?: number): JobSpec {
  return laneJob(OUTBOX_LANE_TASK, 'outbox', lane, urgent, runAt);
}

function laneJob(task: string, prefix: keyof typeof QUEUES, lane: string, urgent: boolean, runAt: number | undefined): JobSpec {
  return {
    schema: LANE_SCHEMAS[prefix],
    task,
    payload: urgent ? { lane, urgent: true } : { lane },
    queue: `${prefix}:${bucketOf(lane, QUEUES[prefix])}`,
    // A lane's work is never given up by the queue: the inbox and the outbox count their own tries.
    maxAttempts: 1000,
    ...(urgent ? { priority: URGENT_PRIORITY } : {}),
    ...(runAt !== undefined ? { runAt } : {}),
  };
}

/** True for a job of an emergency's lane (its payload says so, beside its priority). */
export function isUrgentLaneJob(payload: unknown): boolean {
  return (payload as { urgent?: unknown } | null)?.urgent === true;
}

/** Reads a lane job's payload. */
export function laneOf(payload: unknown): string | undefined {
  const lane = (payload as { lane?: unknown } | null)?.lane;
  return typeof lane === 'string' && lane !== '' ? lane : undefined;
}
