import { alertRequest, type AlertFormat } from '../escalation/alert-format';
import type { Logger } from '../platform/logger';
import type { StoreWriteCondition, StoreWriteState } from '../platform/store-write-state';

/** Said in the log, on /readyz and in the alert while the database cannot write for lack of space. */
export const DISK_FULL_PROBLEM = 'database cannot write: disk full';

/** A full disk that comes back this soon after an alert is the same episode: not alerted again. */
const REALERT_AFTER_MS = 10 * 60_000;
/** The alert cannot wait in the outbox (that is a database write): it is posted directly, tried this often. */
const TRIES = [0, 2000, 10_000, 30_000];

export interface DiskFullAlertOptions {
  writeState: StoreWriteState;
  /** The alert webhook, when configured. */
  alert?: { url: string; secret: string | undefined; format: AlertFormat };
  log: Logger;
  now: () => number;
}

/**
 * Tells operators once per episode that the database cannot write because the disk is full: an
 * error log line and, when the alert webhook is configured, a signed `database.unwritable` alert
 * posted directly (the outbox itself cannot be written). The end of the episode is logged.
 */
export function alertOnDiskFull(options: DiskFullAlertOptions): void {
  let alertedAt: number | undefined;
  options.writeState.onChange((condition: StoreWriteCondition) => {
    const { log, now } = options;
    if (condition.state === 'ok') {
      log.info('database writes again: disk space is back; paused work resumes');
      return;
    }
    log.error({ since: new Date(condition.since).toISOString() }, `${DISK_FULL_PROBLEM}; webhooks are answered 503 and work pauses`);
    if (!options.alert || (alertedAt !== undefined && now() - alertedAt < REALERT_AFTER_MS)) return;
    alertedAt = now();
    void post(options.alert, {
      type: 'database.unwritable',
      reason: 'disk_full',
      message: DISK_FULL_PROBLEM,
      since: new Date(condition.since).toISOString(),
      sentAt: new Date(alertedAt).toISOString(),
    }).then((ok) => {
      if (!ok) log.error('alert webhook did not take the disk-full alert');
    });
  });
}

async function post(
  alert: { url: string; secret: string | undefined; format: AlertFormat },
  payload: Record<string, unknown>,
): Promise<boolean> {
  const { body, headers } = alertRequest(payload, alert.format, alert.secret);
  for (const wait of TRIES) {
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait).unref());
    try {
      const res = await fetch(alert.url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) return true;
    } catch {
      // unreachable for now: tried again
    }
  }
  return false;
}
