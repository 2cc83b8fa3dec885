import path from 'node:path';
import type { OperationsConfig } from '../platform/config';
import type { Logger } from '../platform/logger';
import type { WorkerHealth } from '../platform/worker-health';
import { purgeExpired } from '../privacy/retention';
import { backupFileName, listBackups, rotateBackups } from '../store/backup';
import type { AuditStore } from '../audit/audit-store';
import type { ConversationStore } from '../conversation/conversation-store';
import type { DatabaseHandle } from '../store/database-handle';
import type { PrivacyStore } from '../privacy/privacy-store';
import type { EscalationStore } from '../escalation/escalation-store';
import type { OperationsStore } from './operations-store';
import { queueDeliveryAlerts } from './delivery-health';

const RETENTION_EVERY_MS = 6 * 3_600_000;
const DELIVERY_CHECK_EVERY_MS = 60_000;

export interface MaintenanceOptions {
  /** Where each duty reports the failures it survives (/readyz, /metrics). */
  health?: WorkerHealth;
  store: ConversationStore & AuditStore & PrivacyStore & OperationsStore & DatabaseHandle & Pick<EscalationStore, 'trainingLabels'>;
  config: OperationsConfig;
  /** Delivery alerts go out only when the alert webhook is configured. */
  alertsEnabled: boolean;
  /** Asks the outbox to send what was just queued (an alert). */
  kickOutbox: () => void;
  log: Logger;
  now: () => number;
}

/**
 * Background duties on timers: the retention policy (at start, then every 6 hours), scheduled
 * backups with rotation, and the check that raises an alert when a channel keeps failing. Each duty
 * logs its own failure and never stops the server.
 */
export class Maintenance {
  private readonly timers: NodeJS.Timeout[] = [];
  private backingUp: Promise<void> | undefined;
  private lastBackupAt: number | undefined;

  constructor(private readonly options: MaintenanceOptions) {}

  async start(): Promise<void> {
    const { config } = this.options;
    if (config.retentionDays !== undefined) {
      await this.retention();
      this.every(RETENTION_EVERY_MS, () => void this.retention());
    }
    if (config.backup) {
      const newest = listBackups(config.backup.dir).at(-1);
      const newestAt = newest
        ? Date.parse(newest.replace(/^frontdesk-(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})\.db$/, '$1-$2-$3T$4:$5:$6Z'))
        : undefined;
      this.lastBackupAt = newestAt;
      const { everyMs } = config.backup;
      this.every(Math.min(everyMs, 15 * 60_000), () => {
        if (this.lastBackupAt === undefined || this.options.now() - this.lastBackupAt >= everyMs) void this.backup();
      });
      if (newestAt === undefined || this.options.now() - newestAt >= everyMs) void this.backup();
    }
    if (this.options.alertsEnabled) this.every(DELIVERY_CHECK_EVERY_MS, () => void this.deliveryAlerts());
  }

  /** Waits for a backup in progress, then stops the timers. */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await this.backingUp;
  }

  /** Applies the retention policy now; returns how many conversations were purged. */
  async retention(): Promise<number> {
    const days = this.options.config.retentionDays;
    if (days === undefined) return 0;
    try {
      const purged = await purgeExpired(this.options.store, this.options.now(), days);
      if (purged.length > 0)
        this.options.log.info(
          { conversations: purged.length, retentionDays: days },
          'retention: removed message text and notes of idle conversations',
        );
      this.options.health?.ok('retention');
      return purged.length;
    } catch (err) {
      this.options.health?.failed('retention');
      this.options.log.error({ error: (err as Error).name }, 'retention: purge failed; will try again');
      return 0;
    }
  }

  /** Takes a scheduled backup now and rotates old ones. */
  async backup(): Promise<void> {
    const backup = this.options.config.backup;
    if (!backup) return Promise.resolve();
    this.backingUp ??= (async () => {
      const at = this.options.now();
      const file = path.join(backup.dir, backupFileName(at));
      try {
        const { bytes } = await this.options.store.backup(file);
        this.lastBackupAt = at;
        const removed = rotateBackups(backup.dir, backup.keep);
        this.options.log.info({ file, bytes, removed: removed.length }, 'backup: written');
        this.options.health?.ok('backup');
      } catch (err) {
        this.options.health?.failed('backup');
        this.options.log.error({ file, error: (err as Error).message }, 'backup: failed');
      }
    })().finally(() => {
      this.backingUp = undefined;
    });
    return this.backingUp;
  }

  /** Queues alerts for channels that have been failing too long; returns those alerted now. */
  async deliveryAlerts(): Promise<string[]> {
    const { config, store, log } = this.options;
    try {
      const alerted = await queueDeliveryAlerts(store, this.options.now(), {
        afterMs: config.deliveryAlertAfterMs,
        repeatMs: config.deliveryAlertRepeatMs,
      });
      if (alerted.length > 0) {
        log.error({ channels: alerted }, 'delivery: channel failing; alert queued');
        this.options.kickOutbox();
      }
      this.options.health?.ok('delivery-check');
      return alerted;
    } catch (err) {
      this.options.health?.failed('delivery-check');
      log.error({ error: (err as Error).name }, 'delivery: failure check failed');
      return [];
    }
  }

  private every(ms: number, fn: () => void): void {
    const timer = setInterval(fn, ms);
    timer.unref();
    this.timers.push(timer);
  }
}
