import type { Logger } from '../platform/logger';
import type { AttachmentRepo, DueAttachment } from './attachment-repo';
import { downloadAttachment, type AttachmentDownloader } from './attachment-download';

export interface AttachmentFetcherOptions {
  repo: AttachmentRepo;
  /** The channel's way to fetch its platform's URLs; undefined for a channel that is not running. */
  downloaderOf(channel: string): AttachmentDownloader | undefined;
  maxBytes: number;
  log: Logger;
  now?: () => number;
  /** Downloads at once. */
  concurrency?: number;
  /** How often other instances' (or turns') new attachments are looked for. */
  pollMs?: number;
}

/** Long enough for a large file on a slow link; a worker that died holding it frees it after this. */
const LEASE_MS = 60_000;
const RETRY_BASE_MS = 500;
const RETRY_MAX_MS = 5 * 60_000;

/**
 * Downloads what patients attached, soon after their message's turn committed and before the
 * platform's URL expires: leased rows (so instances sharing PostgreSQL never fetch one twice),
 * passing failures retried with backoff until the row's give-up time, a refused or expired URL
 * recorded at once as "could not be retrieved" for staff.
 */
export class AttachmentFetcher {
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: AttachmentFetcherOptions) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.schedule(0);
  }

  /** Finishes the downloads in hand, then stops; pending rows wait for the next start. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.round;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.claimAndFetch()
        .catch((err: unknown) => this.options.log.error({ error: (err as Error).name }, 'attachment: claim failed; trying again'))
        .finally(() => {
          this.round = undefined;
          this.schedule(this.options.pollMs ?? 250);
        });
    }, ms);
    this.timer.unref();
  }

  private async claimAndFetch(): Promise<void> {
    const due = await this.options.repo.claimDue(this.now(), this.options.concurrency ?? 4, LEASE_MS);
    await Promise.all(
      due.map((item) =>
        this.fetch(item).catch((err: unknown) =>
          this.options.log.error({ attachmentId: item.id, error: (err as Error).name }, 'attachment: worker error'),
        ),
      ),
    );
  }

  private async fetch(item: DueAttachment): Promise<void> {
    const { repo, log } = this.options;
    const download = this.options.downloaderOf(item.channel);
    if (!download) {
      await this.retryOrGiveUp(item, 'channel_off');
      return;
    }
    const outcome = await downloadAttachment(download, item.url, this.options.maxBytes);
    switch (outcome.kind) {
      case 'stored':
        await repo.store(item.id, outcome.contentType, outcome.bytes);
        log.info({ attachmentId: item.id, contentType: outcome.contentType, size: outcome.bytes.length }, 'attachment stored');
        return;
      case 'too_large':
        await repo.fail(item.id, 'too_large', outcome.size);
        log.warn({ attachmentId: item.id, maxBytes: this.options.maxBytes }, 'attachment larger than ATTACHMENT_MAX_BYTES: not stored');
        return;
      case 'gone':
        await repo.fail(item.id, 'unavailable');
        log.warn({ attachmentId: item.id, status: outcome.status }, 'attachment could not be retrieved: the platform refused its URL');
        return;
      case 'retry':
        await this.retryOrGiveUp(item, outcome.reason);
        return;
    }
  }

  private async retryOrGiveUp(item: DueAttachment, reason: string): Promise<void> {
    const at = this.now() + Math.min(RETRY_MAX_MS, RETRY_BASE_MS * 2 ** Math.max(0, item.attempts - 1));
    if (at > item.giveUpAt) {
      await this.options.repo.fail(item.id, 'unavailable');
      this.options.log.warn({ attachmentId: item.id, reason, attempts: item.attempts }, 'attachment could not be retrieved: gave up');
      return;
    }
    await this.options.repo.retryAt(item.id, at);
    this.options.log.info({ attachmentId: item.id, reason, attempts: item.attempts }, 'attachment download failed; will retry');
  }
}
