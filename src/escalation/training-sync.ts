import type { Logger } from '../platform/logger';
import type { LiveRouter } from '../triage/live-router';
import type { TrainingLabelRepo } from './training-label-repo';

export const TRAINING_POLL_MS = 5_000;

/**
 * Keeps the running model in step with the accepted examples in the database: every instance
 * reads their version now and then (and when told of a change), and retrains in the background
 * when it differs from the model's. So an example accepted on one instance, or erased with a
 * patient's data, reaches every instance sharing the database.
 */
export class TrainingSync {
  private timer: NodeJS.Timeout | undefined;
  private checking: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(private readonly deps: { labels: TrainingLabelRepo; router: LiveRouter; log: Logger; pollMs?: number }) {}

  start(): void {
    this.stopped = false;
    this.nudge();
  }

  /** Looks for a new version now (after an accept, or a change another instance made). */
  nudge(): void {
    if (this.stopped) return;
    if (this.checking) {
      this.again = true;
      return;
    }
    this.checking = this.check().finally(() => {
      this.checking = undefined;
      if (this.again) {
        this.again = false;
        this.nudge();
      } else this.schedule();
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.checking;
  }

  private schedule(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.nudge(), this.deps.pollMs ?? TRAINING_POLL_MS);
    this.timer.unref();
  }

  private async check(): Promise<void> {
    const { labels, router, log } = this.deps;
    try {
      const version = await labels.version();
      if (version === router.version) return;
      const examples = await labels.acceptedExamples();
      const started = Date.now();
      await router.retrain(version, examples);
      const model = router.model();
      // ids and counts only: the examples are patients' words
      log.info(
        { modelVersion: model.version, examples: model.examples, examplesRight: model.examplesRight, ms: Date.now() - started },
        'triage model retrained with the practice examples',
      );
    } catch (err) {
      // Only the error's name: a worker's message may quote an example, which is a patient's words.
      log.warn({ error: err instanceof Error ? err.name : 'unknown' }, 'triage model retraining failed; the current model stays');
    }
  }
}
