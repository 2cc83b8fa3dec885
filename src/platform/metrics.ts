import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';
import client from 'prom-client';

/**
 * Process-wide Prometheus counters and histograms, and the one-line calls that feed them. Labels are
 * our own vocabulary only (channel ids, routes, intents' red-flag families, result names, platform
 * error codes): never a patient's text, name or platform id. Gauges that describe the store (queue
 * depths, open escalations) are read at scrape time by `store-metrics.ts`, not counted here.
 */
export const metricsRegistry = new client.Registry();
client.collectDefaultMetrics({ register: metricsRegistry });

const triageDecisions = new client.Counter({
  name: 'frontdesk_triage_decisions_total',
  help: 'Patient messages triaged, by route.',
  labelNames: ['route'] as const,
  registers: [metricsRegistry],
});

const redFlags = new client.Counter({
  name: 'frontdesk_red_flags_total',
  help: 'Emergency red-flag rules that fired, by family.',
  labelNames: ['family'] as const,
  registers: [metricsRegistry],
});

const sends = new client.Counter({
  name: 'frontdesk_outbox_sends_total',
  help: 'Delivery attempts by channel and result: sent, retry, rate_limited, permanent (code = the platform error code), gave_up (retries used up).',
  labelNames: ['channel', 'result', 'code'] as const,
  registers: [metricsRegistry],
});

const webhookAck = new client.Histogram({
  name: 'frontdesk_webhook_ack_seconds',
  help: 'Time from a webhook request arriving to its acknowledgement, for requests that stored events.',
  labelNames: ['channel'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

const replyLatency = new client.Histogram({
  name: 'frontdesk_reply_latency_seconds',
  help: "Time from a patient's message being stored to the first reply after it being delivered, by channel and author (bot or staff).",
  labelNames: ['channel', 'author'] as const,
  buckets: [0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600, 4 * 3600, 24 * 3600],
  registers: [metricsRegistry],
});

const workerErrors = new client.Counter({
  name: 'frontdesk_worker_errors_total',
  help: 'Failures of a background worker (a claim round, a poll, a scheduled duty) that it survived and will retry, by worker.',
  labelNames: ['worker'] as const,
  registers: [metricsRegistry],
});

/** Counts one failure a background worker survived. */
export function countWorkerError(worker: string): void {
  workerErrors.inc({ worker });
}

/** The few fields of a triage decision that metrics read. */
export interface TriagedMessage {
  route: string;
  redFlag?: { family: string } | undefined;
}

/** The few fields of a delivery result that metrics read. */
export interface SendOutcome {
  ok: boolean;
  retryable?: boolean;
  reason?: string;
  retryAt?: number;
}

/** Counts one triage decision (and its red-flag family, if any). */
export function countTriage(decision: TriagedMessage): void {
  triageDecisions.inc({ route: decision.route });
  if (decision.redFlag) redFlags.inc({ family: decision.redFlag.family });
}

/** Counts one delivery attempt; `willRetry` is whether the outbox tries this item again. */
export function countSend(channel: string, result: SendOutcome, willRetry: boolean): void {
  sends.inc({ channel, ...sendResult(result, willRetry) });
}

/** The result and code labels of one attempt: our words and the platform's numeric code only. */
export function sendResult(result: SendOutcome, willRetry: boolean): { result: string; code: string } {
  if (result.ok) return { result: 'sent', code: '' };
  const code = errorCode(result.reason ?? '');
  if (result.retryable && willRetry) {
    const limited = result.retryAt !== undefined || /rate limit|request limit|too many requests|HTTP 429/i.test(result.reason ?? '');
    return { result: limited ? 'rate_limited' : 'retry', code };
  }
  return { result: result.retryable ? 'gave_up' : 'permanent', code };
}

/** "Graph error 10/2018…" -> "10"; "… HTTP 503 …" -> "http_503"; otherwise "other". */
function errorCode(reason: string): string {
  const platform = /\berror (\d{1,6})\b/i.exec(reason);
  if (platform) return platform[1] as string;
  const http = /\bHTTP (\d{3})\b/.exec(reason);
  if (http) return `http_${http[1] as string}`;
  return 'other';
}

/** Records how long a patient waited for the first reply after their message was stored. */
export function observeReplyLatency(channel: string, author: string, seconds: number): void {
  if (Number.isFinite(seconds) && seconds >= 0) replyLatency.observe({ channel, author }, seconds);
}

const requestTiming = new AsyncLocalStorage<{ started: bigint; channel?: string }>();

/**
 * Express middleware: times every request, and when the request stored webhook events (see
 * `markWebhookStored`) records its acknowledgement latency for that channel.
 */
export const webhookTimer: RequestHandler = (_req, res, next) => {
  const timing: { started: bigint; channel?: string } = { started: process.hrtime.bigint() };
  res.on('finish', () => {
    if (timing.channel !== undefined && res.statusCode < 300) {
      webhookAck.observe({ channel: timing.channel }, Number(process.hrtime.bigint() - timing.started) / 1e9);
    }
  });
  requestTiming.run(timing, next);
};

/** Called where a channel's webhook writes events to the inbox: this request is a webhook to time. */
export function markWebhookStored(channel: string): void {
  const timing = requestTiming.getStore();
  if (timing) timing.channel = channel;
}

const quotaUsed = new client.Gauge({
  name: 'frontdesk_send_quota_used',
  help: "Sends used of a platform's per-account send quota in its current window, by channel and window (X: DMs today).",
  labelNames: ['channel', 'window'] as const,
  registers: [metricsRegistry],
});

const quotaLimit = new client.Gauge({
  name: 'frontdesk_send_quota_limit',
  help: "A platform's per-account send quota for one window, by channel and window (X: 1,440 DMs a day).",
  labelNames: ['channel', 'window'] as const,
  registers: [metricsRegistry],
});

/** The sends a channel has used of its platform quota in one window, as the platform last reported them. */
export function setSendQuota(channel: string, window: string, used: number, limit: number): void {
  quotaUsed.set({ channel, window }, used);
  quotaLimit.set({ channel, window }, limit);
}
