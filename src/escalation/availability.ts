import type { AuditStore } from '../audit/audit-store';
import type { Logger } from '../platform/logger';
import type { QueuePolicy } from '../platform/config';
import { AppError } from '../platform/errors';
import type { Principal, StaffDirectory } from './access';
import {
  capacityOf,
  effectiveStatus,
  isAvailabilityStatus,
  AVAILABILITY_STATES,
  type AvailabilityStatus,
  type StaffLoad,
} from './assignment';
import type { EscalationStore } from './escalation-store';

export interface AvailabilityDeps {
  store: Pick<EscalationStore, 'assignment'> & AuditStore & { staffUsers: StaffDirectory };
  queue: QueuePolicy;
  now: () => number;
  /** Called after a change that may let waiting items be assigned. */
  onChange?: () => void;
}

/** One person's availability as the console and the API show it. */
export interface AvailabilityView {
  /** Where they stand now: `away` also when they chose available but have been idle. */
  status: AvailabilityStatus;
  /** What they chose in the console header. */
  chosen: AvailabilityStatus;
  /** True when they chose available and count as away for being idle. */
  idle: boolean;
  capacity: number;
  /** True when an admin set this person's capacity (else the server's default). */
  capacitySet: boolean;
  openItems: number;
  assignment: QueuePolicy['assignment'];
}

export function availabilityView(load: StaffLoad | undefined, policy: QueuePolicy, at: number): AvailabilityView {
  const chosen = load?.chosen ?? 'off';
  const status = load ? effectiveStatus(load, policy, at) : 'off';
  return {
    status,
    chosen,
    idle: chosen === 'available' && status === 'away',
    capacity: capacityOf(load ?? { capacity: null }, policy),
    capacitySet: (load?.capacity ?? null) !== null,
    openItems: load?.openItems ?? 0,
    assignment: policy.assignment,
  };
}

/** Every account's availability and load, by user id (the admin view). */
export async function staffAvailability(deps: AvailabilityDeps): Promise<Map<number, AvailabilityView>> {
  const at = deps.now();
  return new Map((await deps.store.assignment.staffLoad(at)).map((l) => [l.userId, availabilityView(l, deps.queue, at)]));
}

export async function availabilityOf(deps: AvailabilityDeps, userId: number | null): Promise<AvailabilityView | null> {
  if (userId === null) return null;
  return (await staffAvailability(deps)).get(userId) ?? availabilityView(undefined, deps.queue, deps.now());
}

function personOf(principal: Principal): number {
  if (principal.userId === null)
    throw new AppError('forbidden', 'Availability belongs to a person: sign in or use a personal API token.', 403);
  return principal.userId;
}

/** Sets one's own availability (audited); becoming available can take waiting items at once. */
export async function setMyAvailability(
  deps: AvailabilityDeps,
  who: { principal: Principal; ip: string | undefined },
  status: unknown,
): Promise<AvailabilityView> {
  const userId = personOf(who.principal);
  if (!isAvailabilityStatus(status)) {
    throw new AppError('invalid_availability', `Send {"status": "${AVAILABILITY_STATES.join('" | "')}"}.`, 400);
  }
  const at = deps.now();
  await deps.store.assignment.setAvailability(userId, status, at);
  await deps.store.audit.user({ actor: who.principal.actor, ip: who.ip }, 'staff.availability', userId, at, { status });
  deps.onChange?.();
  return (await availabilityOf(deps, userId)) as AvailabilityView;
}

export const MAX_CAPACITY = 1000;

/** Admin: a person's capacity (open items assigned automatically at most); null returns to the default. */
export async function setCapacity(
  deps: AvailabilityDeps,
  who: { principal: Principal; ip: string | undefined },
  userId: number,
  capacity: unknown,
): Promise<AvailabilityView> {
  if (capacity !== null && !(typeof capacity === 'number' && Number.isInteger(capacity) && capacity >= 0 && capacity <= MAX_CAPACITY)) {
    throw new AppError('invalid_capacity', `capacity must be a whole number from 0 to ${MAX_CAPACITY}, or null for the default.`, 400);
  }
  if (!(await deps.store.staffUsers.get(userId))) throw new AppError('not_found', 'No such user.', 404);
  const at = deps.now();
  await deps.store.assignment.setCapacity(userId, capacity, at);
  await deps.store.audit.user({ actor: who.principal.actor, ip: who.ip }, 'user.capacity', userId, at, { capacity });
  deps.onChange?.();
  return (await availabilityOf(deps, userId)) as AvailabilityView;
}

/**
 * Gives waiting items to available staff when something may have freed a turn: a staff action
 * (soon after, coalesced), and every `everyMs` for what changes without one (idle staff coming
 * back, another instance's changes). Each run is one transaction holding the pools' pointers.
 */
export class AutoAssigner {
  private timer: NodeJS.Timeout | undefined;
  private pending: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly deps: Omit<AvailabilityDeps, 'onChange'> & { log: Logger; onAssigned: () => void; everyMs?: number }) {}

  start(): void {
    if (this.deps.queue.assignment === 'off' || this.timer) return;
    this.timer = setInterval(() => this.soon(), this.deps.everyMs ?? 10_000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.pending) clearTimeout(this.pending);
    this.timer = undefined;
    this.pending = undefined;
  }

  /** Runs once shortly (calls in a burst make one run). */
  soon(): void {
    if (this.deps.queue.assignment === 'off' || this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.running = this.running.then(async () => {
        await this.run();
      });
    }, 20);
    this.pending.unref();
  }

  /** Runs now; resolves when done (tests, and callers that answer with the outcome). */
  async run(): Promise<number> {
    try {
      const done = await this.deps.store.assignment.assignWaiting(this.deps.queue, this.deps.now());
      if (done.length > 0) {
        this.deps.log.info({ assigned: done.length }, 'queue items assigned');
        this.deps.onAssigned();
      }
      return done.length;
    } catch (err) {
      this.deps.log.error({ error: (err as Error).name }, 'automatic assignment failed; will try again');
      return 0;
    }
  }
}
